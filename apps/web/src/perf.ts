/**
 * Performance marks the UI sets, read by the browser tests and the screenshot script
 * (`performance.getEntriesByName(mark)[0].startTime` = ms after navigation start).
 */
/** The portfolio page's first meaningful render: its figures, or its "not available" state. */
export const PORTFOLIO_RENDERED_MARK = 'gevinst:portfolio-rendered';
