import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { AppConfig } from '@gevinst/platform';
import { createLogger, PinoNestLogger, requestLogging } from './http/logging';
import { ProblemFilter } from './http/problem.filter';
import { createValidationPipe } from './http/validation';
import { jsonBodyGuard } from './http/json-body-guard';
import { serveWeb } from './web/serve-web';
import { Metrics } from './metrics/metrics';
import { ResponseCache } from './http/response-cache';
import * as path from 'node:path';

/** Largest accepted JSON body. Large enough that an over-long field is named in a 400. */
export const BODY_LIMIT = '12mb';

/** Builds the HTTP application (not yet listening). Used by main.ts and by the tests. */
export async function createApp(config: AppConfig, logger: Logger = createLogger(config.logLevel)): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestLogging(logger));
  const metrics = app.get(Metrics);
  app.use((req: { method: string; route?: { path?: string } }, res: { statusCode: number; on(e: 'finish', f: () => void): void }, next: () => void) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => end({ method: req.method, route: req.route?.path ?? 'other', status: String(res.statusCode) }));
    next();
  });
  // A GET whose answer is cached and still current is answered here (after logging and metrics,
  // before parsing, routing, guards and serialisation); see http/response-cache.ts.
  app.use(app.get(ResponseCache).serveCached());
  // Strict JSON only: a body that is not an object or array is refused by the parser.
  app.useBodyParser('json', { limit: BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] });
  // Deep nesting (a 500 from a stack overflow in validation) and __proto__ keys: refused with a 400.
  app.use(jsonBodyGuard());
  app.setGlobalPrefix('api', { exclude: ['health', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Gevinst API')
      .setDescription(
        'Business cases, budget cuts, retained share and realisation of the gains of municipal digitalisation. ' +
          'Every change is an event; errors are RFC 9457 problem+json.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
  // The browser UI at the same URL (built by `npm run build:web`; npm start builds it first).
  // With OIDC the browser talks to the identity provider at sign-in: allow its origin.
  serveWeb(app, path.resolve(__dirname, '../../web/dist'), {
    connectOrigins: config.auth.mode === 'oidc' ? [new URL(config.auth.issuer).origin] : [],
  });
  return app;
}
