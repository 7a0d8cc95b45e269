import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';
import { ValidationProblem, type InvalidParam } from './problem';

/**
 * A finite number with at most `places` decimals. Use instead of class-validator's
 * IsNumber({ maxDecimalPlaces }), which throws a TypeError (a 500) on a number it prints in
 * exponent form without a '.', e.g. 1e-7 or 5e-324.
 */
export const IsDecimal = (places: number, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isNumber',
      constraints: [places],
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value,
        defaultMessage: buildMessage((each) => `${each}$property must be a number with at most ${places} decimals`, options),
      },
    },
    options,
  );

/** Flattens nested class-validator errors into field paths like `costLines[2].amounts[0].year`. */
export function toInvalidParams(errors: ValidationError[], parent = ''): InvalidParam[] {
  const out: InvalidParam[] = [];
  for (const error of errors) {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : parent ? `.${error.property}` : error.property;
    const name = `${parent}${segment}`;
    for (const reason of Object.values(error.constraints ?? {})) out.push({ name, reason });
    if (error.children?.length) out.push(...toInvalidParams(error.children, name));
  }
  return out;
}

/**
 * The global pipe: every body, query and param is validated with class-validator against its
 * DTO; unknown fields are refused (400), and every failing field is listed.
 */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(toInvalidParams(errors)),
  });
