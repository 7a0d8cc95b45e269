import { useTranslation } from 'react-i18next';
import { formatMoney, type MoneyOptions } from '../format';

/** An amount of integer øre shown as Danish kroner; negative amounts get the class "negative". */
export function Money({ ore, ...options }: { ore: number | string | null | undefined } & MoneyOptions) {
  const { i18n } = useTranslation();
  if (ore === null || ore === undefined) return <span className="muted">–</span>;
  const negative = Number(ore) < 0;
  return <span className={`money${negative ? ' negative' : ''}`}>{formatMoney(ore, i18n.language, options)}</span>;
}
