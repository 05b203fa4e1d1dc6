// The credential inventory and control matrix of every API of a run: computed once after scoring, carried in the
// report (`apis[].credentials`, `apis[].controls`), rendered by every format without recomputing.

import type { Model } from '../model/types.js';
import type { ApiScore } from '../score/ladder.js';
import { controlMatrix } from './controls.js';
import { credentialInventory } from './credentials.js';
import type { ApiInventory } from './types.js';

export { CONTROLS, CONTROL_STATUSES } from './controls.js';
export type { ApiInventory, ControlId, ControlMatrix, ControlResult, ControlStatus, CredentialKind, CredentialPath } from './types.js';

/** The inventory of every API of the model, by API id. Pure: the same model and scores give the same inventories. */
export function inventoryOf(model: Pick<Model, 'apis'>, scores: Map<string, ApiScore>): Map<string, ApiInventory> {
  const paths = credentialInventory(model);
  return new Map(model.apis.map((api) => {
    const credentials = paths.get(api) ?? [];
    return [api.id, { credentials, controls: controlMatrix(api, credentials, scores.get(api.id)) }];
  }));
}
