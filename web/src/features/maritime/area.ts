// The Maritime area's page (/maritime): its purpose, its map, its open alerts, and where its
// records will appear once their API routes exist.
import type { Ctx } from '../../shell/ctx';
import { areaPage } from '../../ui/area-page';
import { t } from './messages';

export function maritimeView(ctx: Ctx): void {
  areaPage(ctx, {
    module: 'maritime',
    title: t('area.maritime.title'),
    purpose: t('area.maritime.purpose'),
    // Both coasts and the territorial sea, from Costa Rica to Colombia.
    map: { layers: ['panama_territorial_sea', 'panama_land'], view: [-83.3, 6.8, -77.0, 10.1] },
    alertChart: 'module',
    records: { title: t('panel.records'), placeholder: t('area.maritime.records') },
  });
}
