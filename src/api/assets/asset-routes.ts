import restify, { type Request, type Server } from 'restify';
import type { Db } from '../../db/client';
import { assetsCsv, importAssetsCsv, MAX_IMPORT_BYTES } from '../../domain/assets/asset-csv';
import { assetsAsOruk, importOrukServices } from '../../domain/assets/oruk';
import { recordWhatDidntWork } from '../../domain/assets/what-didnt-work';
import { assetInput, type Category } from '../../domain/assets/asset-input';
import { recordConnection, updateConnection } from '../../domain/assets/connections';
import { assetView, listAssets, suggestAssets } from '../../domain/assets/list-assets';
import { markAssetVerified, saveAsset } from '../../domain/assets/save-asset';
import { recordAuditEvent } from '../../domain/audit/record-audit-event';
import { setPersonArea } from '../../domain/people/set-area';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { authenticated, type AuthDependencies } from '../auth';
import { actingStaffId, type Principal } from '../auth/principal';
import { areaBody, assetBody, assetParams, assetQuery, connectionBody, connectionParams, connectionUpdateBody, suggestionQuery, whatDidntWorkBody } from './asset-schemas';

const json = () => restify.plugins.jsonBodyParser({ mapParams: false, maxBodySize: 16 * 1024 } as restify.plugins.JsonBodyParserOptions);
const personParams = (req: Request) => ({ personId: assetParams.shape.assetId.parse(req.params.personId) });

const actor = (principal: Principal) => (principal.kind === 'staff' ? { type: 'staff' as const, staffId: principal.staffId } : { type: 'api-token' as const, tokenId: principal.tokenId });

/** The community assets directory, connecting people to assets, and a person's area. Coaches and admins; every route within the caller's organisation. */
export function mountAssetRoutes(server: Server, deps: { auth: AuthDependencies; db: Db; clock: Clock; publicBaseUrl: string; changed?: (personId: string) => void }): void {
  const { auth, db, clock } = deps;
  const guard = (handler: Parameters<typeof authenticated>[2]) => authenticated(auth, {}, handler);

  server.get('/api/assets', guard(async (req, res, principal) => {
    const query = assetQuery.parse(req.query ?? {});
    const assets = await listAssets(db, { organisationId: principal.organisationId, now: clock.now(), ...query, staleOnly: query.stale === 'true' });
    res.send(200, { assets });
  }));

  server.post('/api/assets', json(), guard(async (req, res, principal) => {
    const input = assetInput.parse(assetBody.parse(req.body ?? {}));
    const { asset } = await saveAsset(db, principal.organisationId, { ...input, externalId: null });
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'asset.added', detail: { assetId: asset.id } });
    res.send(201, { id: asset.id });
  }));

  server.put('/api/assets/:assetId', json(), guard(async (req, res, principal) => {
    const { assetId } = assetParams.parse(req.params);
    const existing = await db.communityAsset.findFirst({ where: { id: assetId, organisationId: principal.organisationId }, select: { externalId: true } });
    if (!existing) throw new AppError('not-found', 'No such community asset in your organisation');
    const input = assetInput.parse(assetBody.parse(req.body ?? {}));
    await saveAsset(db, principal.organisationId, { ...input, externalId: existing.externalId }, assetId);
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'asset.changed', detail: { assetId } });
    res.send(200, { id: assetId });
  }));

  server.post('/api/assets/:assetId/verified', json(), guard(async (req, res, principal) => {
    const { assetId } = assetParams.parse(req.params);
    await markAssetVerified(db, { organisationId: principal.organisationId, assetId, at: clock.now() });
    res.send(200, { ok: true });
  }));

  // CSV as the request body (text/csv), up to 5 MB: good rows saved, bad rows listed by line.
  server.post('/api/assets/import', restify.plugins.bodyReader({ maxBodySize: MAX_IMPORT_BYTES }), guard(async (req, res, principal) => {
    const csv = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : null;
    if (csv === null) throw new AppError('bad-request', 'Send the CSV file itself as the body, with Content-Type: text/csv');
    const result = await importAssetsCsv(db, { organisationId: principal.organisationId, csv });
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'assets.imported', detail: { created: result.created, updated: result.updated, rejected: result.rejected.length } });
    res.send(200, result);
  }));

  server.get('/api/assets/export.csv', guard(async (_req, res, principal) => {
    const csv = assetsCsv(await listAssets(db, { organisationId: principal.organisationId, now: clock.now(), limit: 5000 }));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="lantern-community-assets.csv"');
    res.sendRaw(200, csv);
  }));

  server.get('/api/people/:personId/suggestions', guard(async (req, res, principal) => {
    const { personId } = personParams(req);
    const { whatMattersId } = suggestionQuery.parse(req.query ?? {});
    const item = await db.whatMattersItem.findFirst({ where: { id: whatMattersId, personId, person: { organisationId: principal.organisationId } }, include: { person: { select: { area: true } } } });
    if (!item) throw new AppError('not-found', 'No such item on their list');
    res.send(200, { category: item.category, ...(await suggestAssets(db, { organisationId: principal.organisationId, category: item.category as Category, area: item.person.area, now: clock.now() })) });
  }));

  server.post('/api/people/:personId/connections', json(), guard(async (req, res, principal) => {
    const { personId } = personParams(req);
    const body = connectionBody.parse(req.body ?? {});
    const connection = await recordConnection(db, { organisationId: principal.organisationId, personId, ...body, staffId: actingStaffId(principal), now: clock.now() });
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'connection.recorded', personId, detail: { connectionId: connection.id, status: connection.status } });
    deps.changed?.(personId);
    res.send(201, { id: connection.id, status: connection.status });
  }));

  server.post('/api/people/:personId/connections/:connectionId', json(), guard(async (req, res, principal) => {
    const { personId, connectionId } = connectionParams.parse(req.params);
    const { status } = connectionUpdateBody.parse(req.body ?? {});
    await updateConnection(db, { organisationId: principal.organisationId, personId, connectionId, status });
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'connection.updated', personId, detail: { connectionId, status } });
    deps.changed?.(personId);
    res.send(200, { ok: true });
  }));

  server.post('/api/people/:personId/area', json(), guard(async (req, res, principal) => {
    const { personId } = personParams(req);
    const { area } = areaBody.parse(req.body ?? {});
    const saved = await setPersonArea(db, { organisationId: principal.organisationId, personId, area });
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'person.area-set', personId });
    deps.changed?.(personId);
    res.send(200, { area: saved });
  }));

  // An Open Referral UK feed (JSON: a list of services, or a page of them) from a council's directory.
  server.post('/api/assets/import/oruk', restify.plugins.jsonBodyParser({ mapParams: false, maxBodySize: MAX_IMPORT_BYTES } as restify.plugins.JsonBodyParserOptions), guard(async (req, res, principal) => {
    const result = await importOrukServices(db, { organisationId: principal.organisationId, json: req.body });
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'assets.imported', detail: { format: 'oruk', created: result.created, updated: result.updated, skipped: result.skipped.length } });
    res.send(200, result);
  }));

  server.get('/api/assets/export/oruk', guard(async (_req, res, principal) => {
    const organisation = await db.organisation.findUniqueOrThrow({ where: { id: principal.organisationId }, select: { name: true } });
    const assets = await listAssets(db, { organisationId: principal.organisationId, now: clock.now(), limit: 5000 });
    res.setHeader('Content-Disposition', 'attachment; filename="lantern-community-assets-oruk.json"');
    res.send(200, assetsAsOruk(assets, { publicBaseUrl: deps.publicBaseUrl, organisationName: organisation.name }));
  }));

  server.post('/api/people/:personId/didnt-work', json(), guard(async (req, res, principal) => {
    const { personId } = personParams(req);
    const entry = await recordWhatDidntWork(db, { ...whatDidntWorkBody.parse(req.body ?? {}), personId, organisationId: principal.organisationId, staffId: actingStaffId(principal), now: clock.now() });
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'didnt-work.recorded', personId, detail: { entryId: entry.id } });
    deps.changed?.(personId);
    res.send(201, { id: entry.id });
  }));
}
