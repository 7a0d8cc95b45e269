/** The id formats the API accepts, in one place (path parameters and DTO fields). */

/** Department ids: lower-case letters, digits and '-'. */
export const DEPARTMENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Ids the server gives (business cases, scenarios: uuids and the like). */
export const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
/** Any id in a path (cut ids, indicator ids, stream parts). */
export const PATH_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,100}$/;
