import { defineRule } from './rule';
import { appSide } from '../deployment/app';
import { relatedSetting, settingFix, settingName, settingText, written } from '../deployment/shared';

export default defineRule({
  meta: {
    id: 'secure-flag-mismatch',
    description: 'server.secure (or secure in server.xml) must be true exactly when the scheme is https.',
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  checkDeployment(context) {
    const { deployment } = context;
    const app = appSide(deployment);
    if (!app?.scheme || !app.secure) return;
    const wanted = app.scheme.value === 'https';
    if (app.secure.value === wanted) return;
    const target = app.secure.at ?? app.scheme.at;
    if (!target) return;
    const secureName = settingName(app, 'secure');
    const schemeText = written(app, 'scheme', app.scheme);
    const secureText = written(app, 'secure', app.secure);
    const fix = settingFix(deployment, app, 'secure', String(wanted), `to go with ${settingText(app, 'scheme', app.scheme.value)}`);
    context.report(target.member, {
      range: target.range,
      message: wanted
        ? `${secureText} does not go with ${schemeText}: Bitbucket then treats every request as unencrypted although users reach it over HTTPS, and its session cookie goes out without the Secure flag. Set ${secureName} to true.`
        : `${secureText} does not go with ${schemeText}: Bitbucket would mark its session cookie Secure while users connect over plain HTTP, browsers would not send it back, and logins would not stick. Set ${secureName} to false, or switch the scheme to https.`,
      related: app.secure.at && app.scheme.at ? [relatedSetting(app.scheme.at, 'the scheme is set here')] : [],
      fixes: fix ? [fix] : [],
    });
  },
});
