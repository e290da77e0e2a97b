/**
 * Small pieces the cross-file rules share: pointing at a setting in another file, and
 * the fix that changes a Bitbucket setting wherever this deployment keeps it
 * (bitbucket.properties, or the HTTP connector of server.xml for Bitbucket 4.x).
 */
import type { Fix, Range, RelatedLocation, TextEdit } from '../common/types';
import { CONNECTOR_ATTRIBUTES, describeSetting, KEYS, type AppSetting, type AppSide, type SettingLocation } from './app';
import { setAttribute, setProperty } from './edits';
import type { Deployment, DeploymentMember } from './model';
import { where } from './model';

export type SettingName = keyof typeof CONNECTOR_ATTRIBUTES;

export function related(member: DeploymentMember, range: Range, message: string): RelatedLocation {
  return { uri: member.uri, range, message };
}

export function relatedSetting(at: SettingLocation, message: string): RelatedLocation {
  return related(at.member, at.range, message);
}

/** `server.proxy-port` or `proxyPort` (server.xml), as this deployment spells the setting. */
export function settingName(app: AppSide, name: SettingName): string {
  return app.origin === 'server-xml' ? CONNECTOR_ATTRIBUTES[name] : KEYS[name];
}

/** `server.proxy-port=443` or `proxyPort="443"`. */
export function settingText(app: AppSide, name: SettingName, value: string): string {
  return app.origin === 'server-xml' ? `${CONNECTOR_ATTRIBUTES[name]}="${value}"` : `${KEYS[name]}=${value}`;
}

/** The file a setting goes to, for fix titles. */
function settingFile(deployment: Deployment, app: AppSide): string | undefined {
  return app.origin === 'server-xml' ? deployment.serverXml?.label : deployment.bitbucket?.label;
}

/** The edit that sets a Bitbucket setting, or undefined when the deployment has no place for it. */
export function settingEdit(deployment: Deployment, app: AppSide, name: SettingName, value: string): TextEdit | undefined {
  if (app.origin === 'server-xml') {
    if (!deployment.serverXml || !app.connector) return undefined;
    return setAttribute(deployment.serverXml, app.connector, CONNECTOR_ATTRIBUTES[name], value);
  }
  if (!deployment.bitbucket) return undefined;
  return setProperty(deployment.bitbucket, KEYS[name], value);
}

/** "Set server.proxy-port=443 in bitbucket.properties (to match the bind on haproxy.cfg:17)". */
export function settingFix(
  deployment: Deployment,
  app: AppSide,
  name: SettingName,
  value: string,
  reason: string,
  preferred = true,
): Fix | undefined {
  const edit = settingEdit(deployment, app, name, value);
  if (!edit) return undefined;
  const file = settingFile(deployment, app);
  return { title: `Set ${settingText(app, name, value)}${file ? ` in ${file}` : ''} ${reason}`.trim(), edits: [edit], preferred };
}

export function at(member: DeploymentMember, range: Range): string {
  return where(member, range);
}

/** A setting as written (`server.secure=yes`, `secure="true"`), or its name and default. */
export function written(app: AppSide, name: SettingName, setting: AppSetting<unknown>): string {
  return setting.at ? describeSetting(setting, settingName(app, name)) : `${settingName(app, name)} (not set, so ${String(setting.value)})`;
}
