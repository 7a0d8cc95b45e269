import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../format';
import type { ActorRef, BusinessCaseStatus, Payback } from '../api/types';

/** Domain words in the UI language (docs/domain.md vocabulary), with the code as the fallback. */
export const label = (t: TFunction, group: string, code: string): string => t(`vocab.${group}.${code}`, { defaultValue: code });

const STATUS_TONE: Record<string, string> = {
  draft: 'neutral',
  submitted: 'amber',
  approved: 'green',
  rejected: 'red',
  'returned-for-revision': 'amber',
  'in-implementation': 'green',
  'in-operation': 'green',
  closed: 'neutral',
};

export function CaseStatus({ status }: { status: BusinessCaseStatus | string }) {
  const { t } = useTranslation();
  return <span className={`status status-${STATUS_TONE[status] ?? 'neutral'}`}>{label(t, 'caseStatus', status)}</span>;
}

/** Payback in years ("2,4 år") or "not within the horizon". */
export function PaybackText({ payback }: { payback: Payback }) {
  const { t, i18n } = useTranslation();
  if (payback === 'not-within-horizon') return <>{t('economics.paybackNever')}</>;
  return <>{t('economics.years', { years: formatNumber(payback, i18n.language, 1) })}</>;
}

export function Ratio({ value }: { value: number | null }) {
  const { i18n } = useTranslation();
  return <>{value === null ? '–' : formatNumber(value, i18n.language, 2)}</>;
}

export function Actor({ actor }: { actor: ActorRef }) {
  const { t } = useTranslation();
  return (
    <>
      {actor.id} <span className="muted">({t(`role.${actor.role}`, { defaultValue: actor.role })})</span>
    </>
  );
}

export function When({ at }: { at: string }) {
  const { i18n } = useTranslation();
  return <time dateTime={at}>{formatDateTime(at, i18n.language)}</time>;
}
