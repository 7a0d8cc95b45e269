// Realisation tracking: indicators, measurements, realised gain, colour status, portfolio.
// Exports are namespaced (Realisation…, Indicator…) so that `export *` from the domain stays unambiguous.
export {
  INDICATOR_DIRECTIONS,
  INDICATOR_KINDS,
  INDICATOR_UNITS,
  requireIndicatorValue,
  type IndicatorBaseline,
  type IndicatorDirection,
  type IndicatorForGain,
  type IndicatorKind,
  type IndicatorTarget,
  type IndicatorTrajectoryPoint,
  type IndicatorUnit,
} from './indicator';
export { isRealisationPeriod, monthFromNumber, monthNumber, type RealisationPeriod } from './realisation-period';
export {
  adoptionRampPeriods,
  trajectoryFromAdoption,
  type RealisationAdoptionCurve,
  type TrajectoryFromAdoptionInput,
} from './trajectory-from-adoption';
export {
  DEFAULT_REALISED_SHARE_CAP,
  plannedLevelIn,
  realisedGain,
  realisedGainFigures,
  type MeasurementForGain,
  type RealisationPlannedSaving,
  type RealisedGainBasis,
  type RealisedGainFigures,
  type RealisedGainInput,
  type RealisedGainPeriod,
  type RealisedGainResult,
} from './realised-gain';
export {
  DEFAULT_REALISATION_TOLERANCES,
  nextRealisationColourChange,
  realisationColourChanges,
  realisationStatus,
  realisationToDateSeries,
  requireRealisationTolerances,
  type RealisationColour,
  type RealisationColourChange,
  type RealisationStatus,
  type RealisationStatusInput,
  type RealisationToDatePoint,
  type RealisationTolerances,
} from './realisation-status';
export {
  portfolioRealisation,
  type PortfolioRealisation,
  type PortfolioRealisationCase,
  type PortfolioRealisationInput,
  type PortfolioRealisationRow,
  type PortfolioRealisationScope,
  type PortfolioRealisationToDate,
  type PortfolioRealisationYear,
  type RealisationFigures,
} from './portfolio-realisation';
export {
  REALISATION_EVENT_TYPES,
  REALISATION_STREAM_PREFIX,
  realisationStreamName,
  type IndicatorDefined,
  type IndicatorTrajectoryEdited,
  type IndicatorTrajectoryOrigin,
  type MeasurementCorrected,
  type MeasurementRecorded,
  type MeasurementSource,
  type RealisationColourChanged,
  type RealisationEvent,
  type RealisationTurnedRed,
  type RedStatusAcknowledged,
} from './realisation.events';
export type {
  AcknowledgeRed,
  CorrectMeasurement,
  DefineIndicator,
  EditIndicatorTrajectory,
  EvaluateRealisation,
  IndicatorTrajectoryInput,
  RealisationCaseScope,
  RealisationCommand,
  RecordMeasurement,
} from './realisation.commands';
export {
  currentRealisationStatus,
  effectiveRealisationMeasurements,
  evolveRealisation,
  initialRealisationState,
  type RealisationIndicatorState,
  type RealisationMeasurementState,
  type RealisationRedEpisode,
  type RealisationState,
} from './realisation.state';
export { REALISATION_PERMISSIONS } from './realisation.authorization';
export { decideRealisation, realisationDecider } from './realisation.decider';
export {
  REALISATION_TOLERANCES_STREAM,
  realisationTolerancesDecider,
  type RealisationTolerancesCommand,
  type RealisationTolerancesEvent,
  type RealisationTolerancesSet,
  type RealisationTolerancesState,
  type SetRealisationTolerances,
} from './realisation-tolerances.decider';
export {
  realisationReport,
  reportFigures as realisationReportFigures,
  type RealisationReport,
  type RealisationReportInput,
  type ReportColourChangeInput as RealisationReportColourChange,
  type ReportCutInput as RealisationReportCut,
  type ReportDepartmentHarvest as RealisationReportDepartmentHarvest,
  type ReportFigures as RealisationReportFiguresOf,
  type ReportIndicator as RealisationReportIndicator,
  type ReportIndicatorInput as RealisationReportIndicatorInput,
  type ReportIndicatorRow as RealisationReportIndicatorRow,
  type ReportLine as RealisationReportLine,
  type ReportLineInput as RealisationReportLineInput,
  type ReportLineMonthInput as RealisationReportLineMonth,
  type ReportMeasurement as RealisationReportMeasurement,
  type ReportMeasurementInput as RealisationReportMeasurementInput,
  type ReportRedEpisodeInput as RealisationReportRedEpisode,
} from './realisation-report';
