import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { fieldId, type ApiError } from '../api/problem';
import type { Operation } from '../api/use-resource';

/**
 * What the person sees as the field's name: its label (or a group's legend), prefixed with the
 * legends of the groups around it, e.g. "Gevinst 1 (b1) › Sager pr. år". Null when the form has
 * no such field (the error is then listed with the API's field path).
 */
function fieldLabel(name: string): string | null {
  const element = document.getElementById(fieldId(name));
  if (!element) return null;
  const own =
    element instanceof HTMLFieldSetElement
      ? element.querySelector(':scope > legend')?.textContent
      : document.querySelector(`label[for="${CSS.escape(element.id)}"]`)?.textContent ?? element.getAttribute('aria-label');
  const context: string[] = [];
  for (let fs = (element instanceof HTMLFieldSetElement ? element.parentElement : element)?.closest('fieldset'); fs && context.length < 2; fs = fs.parentElement?.closest('fieldset') ?? null) {
    const legend = fs.querySelector(':scope > legend')?.textContent;
    if (legend && fs.classList.contains('nested')) context.unshift(legend);
  }
  return [...context, own ?? name].join(' › ');
}

/** A problem's message in the UI language: known codes are translated, others show the API's detail. */
export function problemMessage(t: TFunction, error: ApiError): string {
  const code = error.code ?? (error.status === 0 ? 'network' : `http-${error.status}`);
  const key = `problem.${code}`;
  const translated = t(key, { defaultValue: '' });
  if (translated) return translated;
  const byStatus = t(`problem.status.${error.status}`, { defaultValue: '' });
  return byStatus || error.problem.title || t('problem.unknown');
}

/**
 * The error banner: one live region (role="alert") for errors that belong to no field, e.g. a
 * rule of the domain (422), a conflict (409), a refused role (403) or a lost connection.
 */
export function ErrorBanner({ error, onDismiss }: { error: ApiError | null; onDismiss?: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="banner-region" aria-live="assertive" role="alert">
      {error && (
        <div className="banner banner-error">
          <p className="banner-title">{problemMessage(t, error)}</p>
          {error.problem.detail && (
            <p className="banner-detail">
              {t('problem.apiSaid')} <span lang={i18n.language === 'en' ? undefined : 'en'}>{error.problem.detail}</span>
            </p>
          )}
          {onDismiss && (
            <button type="button" className="button-link" onClick={onDismiss}>
              {t('common.dismiss')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * After a refused submit: a summary at the top listing every field error, each linking to its
 * field; field errors the form has no field for are listed as plain text (never lost).
 */
export function ErrorSummary({ error }: { error: ApiError | null }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [labels, setLabels] = useState<Map<string, string>>(new Map());
  const params = error?.invalidParams ?? [];

  useEffect(() => {
    if (!error) return;
    setLabels(new Map(params.flatMap((p) => { const l = fieldLabel(p.name); return l ? [[p.name, l] as [string, string]] : []; })));
    ref.current?.focus();
    // params derive from error
  }, [error]);

  if (!error) return null;
  const english = i18n.language === 'en' ? undefined : 'en';
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{params.length ? t('form.errorSummary', { count: params.length }) : problemMessage(t, error)}</h2>
      {params.length > 0 ? (
        <ul>
          {params.map((p, i) => {
            const text = labels.get(p.name);
            return (
              <li key={`${p.name}-${i}`}>
                {text ? (
                  <a href={`#${fieldId(p.name)}`} onClick={(e) => { e.preventDefault(); document.getElementById(fieldId(p.name))?.focus(); }}>
                    {text}: <span lang={english}>{p.reason}</span>
                  </a>
                ) : (
                  <>
                    <code>{p.name}</code>: <span lang={english}>{p.reason}</span>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        error.problem.detail && <p lang={english}>{error.problem.detail}</p>
      )}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {label ?? t('common.loading')}
    </p>
  );
}

/** The clear state of a page whose API has not landed: no fake data, says what it waits for. */
export function NotAvailable({ operation, feature }: { operation: Operation; feature: string }) {
  const { t } = useTranslation();
  return (
    <section className="not-available" aria-labelledby="not-available-title" data-testid="not-available">
      <h2 id="not-available-title">{t('notAvailable.title')}</h2>
      <p>{t('notAvailable.body', { feature })}</p>
      <p className="muted">
        {t('notAvailable.awaits')} <code>{`${operation.method.toUpperCase()} ${operation.path}`}</code>
      </p>
    </section>
  );
}

/** Renders a resource's loading, unavailable and error states, or its data. */
export function ResourceView<T>({
  resource,
  feature,
  children,
}: {
  resource: { state: 'loading' } | { state: 'unavailable'; operation: Operation } | { state: 'error'; error: ApiError } | { state: 'ok'; data: T };
  feature: string;
  children: (data: T) => ReactNode;
}) {
  switch (resource.state) {
    case 'loading':
      return <Loading />;
    case 'unavailable':
      return <NotAvailable operation={resource.operation} feature={feature} />;
    case 'error':
      return <ErrorBanner error={resource.error} />;
    case 'ok':
      return <>{children(resource.data)}</>;
  }
}
