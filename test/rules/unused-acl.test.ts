import { ruleTester } from '../helpers/rule-tester';

ruleTester('unused-acl', 'haproxy', {
  valid: [
    {
      name: 'every ACL is used, also by acl() and in fcgi-app conditions',
      code: [
        'frontend fe',
        '    acl api path_beg /api',
        '    acl v2 path_beg /v2',
        '    acl either acl(api,!v2)',
        '    http-request deny unless either',
        '    use_backend be if v2',
        'backend be',
        '    acl pinned req.cook(pin) -m found',
        '    use-server s1 if pinned',
        '    server s1 127.0.0.1:80',
        'fcgi-app php',
        '    docroot /var/www',
        '    acl is_php path_end .php',
        '    set-param SCRIPT_NAME /index.php if !is_php',
        '',
      ].join('\n'),
    },
    {
      name: 'a use inside an .if block counts',
      code: [
        'frontend fe',
        '    acl bad src 10.0.0.1',
        '    .if defined(STRICT)',
        '        http-request deny if bad',
        '    .endif',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'an ACL nothing uses, with a removal fix',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:80',
        '    acl old_api path_beg /old # kept for a while',
        '#       ^^^^^^^ hint: ACL \'old_api\' is defined but no condition in frontend \'fe\' uses it.',
        '    default_backend be',
        '',
      ].join('\n'),
      output: ['frontend fe', '    bind 127.0.0.1:80', '    default_backend be', ''].join('\n'),
    },
    {
      name: 'each line of an unused ACL is reported; a use in another section does not count',
      code: [
        'frontend fe',
        '    acl lan src 10.0.0.0/8',
        '#       ^^^ hint: ACL \'lan\'',
        '    acl lan src 192.168.0.0/16',
        '#       ^^^ hint: ACL \'lan\'',
        'backend be',
        '    acl lan src 172.16.0.0/12',
        '    http-request deny unless lan',
        '',
      ].join('\n'),
    },
    {
      name: 'the last line without a line break',
      code: ['backend be', '    server s1 127.0.0.1:80', '    acl x src 10.0.0.1', '#       ^ hint: ACL \'x\''].join('\n'),
      output: ['backend be', '    server s1 127.0.0.1:80'].join('\n'),
    },
  ],
});
