import { Module } from '@nestjs/common';
import { KAFKA_MEASUREMENT_RECORDER } from '../kafka/kafka.service';
import { ApprovalReactor } from './approval-reactor';
import { MeasurementRecorder } from './measurement-recorder';
import { CaseRealisationController, PortfolioRealisationController } from './realisation.controller';
import { ExecuteRealisationHandler } from './realisation.handler';
import { RealisationEvaluator } from './realisation-evaluator';
import { RealisationReportService } from './realisation-report.service';
import { RealisationWriter } from './realisation-writer';

/**
 * Realisation tracking: indicators, measurements, colour evaluation, and the realisation
 * views. Exports MeasurementRecorder and binds it for the Kafka measurement consumer.
 */
@Module({
  controllers: [CaseRealisationController, PortfolioRealisationController],
  providers: [
    RealisationEvaluator,
    RealisationWriter,
    RealisationReportService,
    ExecuteRealisationHandler,
    MeasurementRecorder,
    ApprovalReactor,
    { provide: KAFKA_MEASUREMENT_RECORDER, useFactory: (recorder: MeasurementRecorder) => recorder.fromKafka, inject: [MeasurementRecorder] },
  ],
  exports: [MeasurementRecorder, RealisationEvaluator, KAFKA_MEASUREMENT_RECORDER],
})
export class RealisationModule {}
