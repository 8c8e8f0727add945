// The Cooperation area's page (/cooperation): its purpose, the open alerts of every area by
// area and severity, and where its records will appear once their API routes exist.
import type { Ctx } from '../../shell/ctx';
import { areaPage } from '../../ui/area-page';
import { t } from './messages';

export function cooperationView(ctx: Ctx): void {
  areaPage(ctx, {
    module: 'cooperation',
    title: t('area.cooperation.title'),
    purpose: t('area.cooperation.purpose'),
    alertChart: 'all',
    records: { title: t('panel.records'), placeholder: t('area.cooperation.records') },
  });
}
