/**
 * @module The virtual MFA device actions, built around the account object's SecretBox: seeds are sealed
 * at rest and opened to check codes (see ./seeds.ts for how a seed reaches a synchronous transaction).
 * `verifyMfaCode`'s two halves for STS are in ./verify.ts.
 */
import type { SecretBox } from '../../../core/secret-box';
import type { AccountAction } from '../../action';
import { DeactivateMFADevice, enableMfaDeviceAction, GetMFADevice, ListMFADevices, resyncMfaDeviceAction } from './assignment';
import { createVirtualMfaDeviceAction, deleteVirtualMfaDeviceAction, ListVirtualMFADevices } from './devices';
import { SeedSource } from './seeds';
import { MFA_TAG_ACTIONS } from './tags';

/** The MFA actions of one account object. */
export function mfaActions(secrets: () => Promise<SecretBox>): AccountAction[] {
  const seeds = new SeedSource(secrets);
  const actions: AccountAction[] = [
    createVirtualMfaDeviceAction(secrets),
    deleteVirtualMfaDeviceAction(),
    ListVirtualMFADevices,
    enableMfaDeviceAction(seeds),
    resyncMfaDeviceAction(seeds),
    DeactivateMFADevice,
    ListMFADevices,
    GetMFADevice,
    ...MFA_TAG_ACTIONS,
  ];
  return actions;
}

export { MAX_MFA_DEVICES_PER_USER, MFA_ISSUER } from './lookup';
export { checkAndConsumeMfaCode, openMfaSeed } from './verify';
