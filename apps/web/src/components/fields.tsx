import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { fieldId } from '../api/problem';

/**
 * Form fields that show their own errors: the API's field path (`costLines[2].amounts[0].year`)
 * decides the input's id, the error sits right under the label, is announced via
 * aria-describedby, and the input is marked aria-invalid.
 */
interface FieldFrameProps {
  /** The API's name for the field (its path in the request body). */
  name: string;
  label: ReactNode;
  errors?: string[];
  hint?: ReactNode;
  className?: string;
  /** Visually hide the label (in table cells whose column header says it); still read aloud. */
  hideLabel?: boolean;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}

export function FieldFrame({ name, label, errors, hint, className, hideLabel, children }: FieldFrameProps) {
  const id = fieldId(name);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errors?.length ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p className="field-error" id={errorId}>
          {errors.join(' · ')}
        </p>
      ) : null}
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': errors?.length ? true : undefined })}
    </div>
  );
}

type Base = Omit<FieldFrameProps, 'children'>;

export function TextField({ name, label, errors, hint, className, hideLabel, ...input }: Base & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame name={name} label={label} errors={errors} hint={hint} className={className} hideLabel={hideLabel}>
      {(a11y) => <input name={name} {...input} {...a11y} />}
    </FieldFrame>
  );
}

export function TextArea({ name, label, errors, hint, className, hideLabel, ...input }: Base & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame name={name} label={label} errors={errors} hint={hint} className={className} hideLabel={hideLabel}>
      {(a11y) => <textarea name={name} {...input} {...a11y} />}
    </FieldFrame>
  );
}

export function SelectField({ name, label, errors, hint, className, hideLabel, children, ...select }: Base & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldFrame name={name} label={label} errors={errors} hint={hint} className={className} hideLabel={hideLabel}>
      {(a11y) => (
        <select name={name} {...select} {...a11y}>
          {children}
        </select>
      )}
    </FieldFrame>
  );
}

/** A unique id for ad-hoc label/description pairs. */
export const useDomId = (prefix: string): string => `${prefix}-${useId().replace(/:/g, '')}`;
