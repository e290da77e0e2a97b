import { ruleTester } from '../helpers/rule-tester';

ruleTester('syntax-error', 'haproxy', {
  valid: [
    'global\n    daemon\n',
    'backend be\n    http-response set-header X-A "b c" # ok\n',
    ".if defined(HOME)\nglobal\n    daemon\n.else\nglobal\n.endif\n",
    "global\n    description 'it''s' \\x41\n",
  ],
  invalid: [
    {
      code: ['global', '    daemon', '         ^ error: last line has no line break'].join('\n'),
    },
    {
      code: [
        'backend be',
        '    http-response set-header X-A "b',
        '#                                ^ error: unmatched double quote',
      ].join('\n') + '\n',
    },
    {
      code: ['global', "    description 'open", "#               ^ error: unmatched single quote"].join('\n') + '\n',
    },
    {
      code: ['global', '    description \\x4g', '#               ^^^^ error: hexadecimal escape'].join('\n') + '\n',
    },
    {
      code: ['global', '    daemon \\', '#          ^ warning: does not continue'].join('\n') + '\n',
    },
    {
      code: ['global', '.endif', '^^^^^^ error: without a matching .if'].join('\n') + '\n',
    },
    {
      code: ['.if defined(X)', '^^^^^^^^^^^^^^ error: never closed', 'global'].join('\n') + '\n',
    },
    {
      code: ['frontend', '^^^^^^^^ error: needs a name'].join('\n') + '\n',
    },
  ],
});

ruleTester('syntax-error', 'bitbucket-properties', {
  valid: ['server.port=7990\n', 'a=caf\\u00e9\n'],
  invalid: [
    {
      code: ['server.display-name=caf\\u00e', '#                      ^^^^^ error: \\u'].join('\n') + '\n',
    },
  ],
});
