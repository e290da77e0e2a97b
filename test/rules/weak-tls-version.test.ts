import { ruleTester } from '../helpers/rule-tester';

ruleTester('weak-tls-version', 'haproxy', {
  valid: [
    {
      name: 'modern global defaults',
      code: [
        'global',
        '    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets',
        '    ssl-default-server-options ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.3',
        '',
      ].join('\n'),
    },
    {
      name: 'modern bind and server lines',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:8443 ssl crt /etc/haproxy/site.pem ssl-min-ver TLSv1.3 force-tlsv13',
        'backend be',
        '    default-server ssl verify none ssl-min-ver TLSv1.2',
        '    server s1 127.0.0.1:8443 ssl verify none force-tlsv12',
        '',
      ].join('\n'),
    },
    { name: 'no-tlsv10 is not a weakness', code: 'frontend fe\n    bind 127.0.0.1:8443 ssl crt /a.pem no-sslv3 no-tlsv10 no-tlsv11\n' },
    { name: 'missing value', code: 'frontend fe\n    bind 127.0.0.1:8443 ssl crt /a.pem ssl-min-ver\n' },
  ],
  invalid: [
    {
      name: 'global bind minimum',
      code: [
        'global',
        '    ssl-default-bind-options ssl-min-ver TLSv1.0 no-tls-tickets',
        '#                            ^^^^^^^^^^^^^^^^^^^ warning: ssl-min-ver TLSv1.0 in ssl-default-bind-options still allows TLS 1.0',
        '',
      ].join('\n'),
      output: ['global', '    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets', ''].join('\n'),
    },
    {
      name: 'global server minimum SSLv3',
      code: [
        'global',
        '    ssl-default-server-options ssl-min-ver SSLv3',
        '#                              ^^^^^^^^^^^^^^^^^ warning: RFC 7568',
        '',
      ].join('\n'),
      output: ['global', '    ssl-default-server-options ssl-min-ver TLSv1.2', ''].join('\n'),
    },
    {
      name: 'bind minimum TLSv1.1 with CRLF line endings',
      code: [
        'frontend fe\r',
        '    bind 127.0.0.1:8443 ssl crt /a.pem ssl-min-ver TLSv1.1\r',
        '#                                      ^^^^^^^^^^^^^^^^^^^ warning: on bind 127.0.0.1:8443',
        '',
      ].join('\n'),
      output: ['frontend fe\r', '    bind 127.0.0.1:8443 ssl crt /a.pem ssl-min-ver TLSv1.2\r', ''].join('\n'),
    },
    {
      name: 'maximum below TLS 1.2 is removed',
      code: [
        'backend be',
        '    server s1 127.0.0.1:8443 ssl verify none ssl-max-ver TLSv1.1 sni str(example.com)',
        '#                                            ^^^^^^^^^^^^^^^^^^^ warning: ssl-max-ver TLSv1.1 on server s1 caps',
        '',
      ].join('\n'),
      output: ['backend be', '    server s1 127.0.0.1:8443 ssl verify none sni str(example.com)', ''].join('\n'),
    },
    {
      name: 'minimum is not raised above a low maximum on the same line',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:8443 ssl crt /a.pem ssl-min-ver TLSv1.0 ssl-max-ver TLSv1.1',
        '#                                      ^^^^^^^^^^^^^^^^^^^ warning: ssl-min-ver TLSv1.0',
        '#                                                          ^^^^^^^^^^^^^^^^^^^ warning: ssl-max-ver TLSv1.1',
        '',
      ].join('\n'),
      // The only fix offered is the one that removes the cap.
      output: ['frontend fe', '    bind 127.0.0.1:8443 ssl crt /a.pem ssl-min-ver TLSv1.0', ''].join('\n'),
    },
    {
      name: 'global minimum is not raised when a bind caps below it',
      code: [
        'global',
        '    ssl-default-bind-options ssl-min-ver TLSv1.0',
        '#                            ^^^^^^^^^^^^^^^^^^^ warning: ssl-min-ver TLSv1.0',
        'frontend fe',
        '    bind 127.0.0.1:8443 ssl crt /a.pem ssl-max-ver TLSv1.1',
        '#                                      ^^^^^^^^^^^^^^^^^^^ warning: ssl-max-ver TLSv1.1',
        '',
      ].join('\n'),
      output: [
        'global',
        '    ssl-default-bind-options ssl-min-ver TLSv1.0',
        'frontend fe',
        '    bind 127.0.0.1:8443 ssl crt /a.pem',
        '',
      ].join('\n'),
    },
    {
      name: 'force option replaced by a minimum',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:8443 ssl crt /a.pem force-tlsv10 alpn h2',
        '#                                      ^^^^^^^^^^^^ warning: force-tlsv10 on bind 127.0.0.1:8443 pins every connection to TLS 1.0',
        '',
      ].join('\n'),
      output: ['frontend fe', '    bind 127.0.0.1:8443 ssl crt /a.pem ssl-min-ver TLSv1.2 alpn h2', ''].join('\n'),
    },
    {
      name: 'force option removed when the line sets a minimum',
      code: [
        'backend be',
        '    default-server ssl verify none ssl-min-ver TLSv1.2 force-tlsv11',
        '#                                                      ^^^^^^^^^^^^ warning: once the server supports it',
        '',
      ].join('\n'),
      output: ['backend be', '    default-server ssl verify none ssl-min-ver TLSv1.2', ''].join('\n'),
    },
    {
      name: 'two pins on one line: only removal is offered',
      code: [
        'backend be',
        '    server-template web 3 127.0.0.1:8443 ssl verify none force-sslv3 force-tlsv10',
        '#                                                        ^^^^^^^^^^^ warning: SSL 3.0',
        '#                                                                    ^^^^^^^^^^^^ warning: TLS 1.0',
        '',
      ].join('\n'),
      output: ['backend be', '    server-template web 3 127.0.0.1:8443 ssl verify none force-tlsv10', ''].join('\n'),
    },
    {
      name: 'weak minimum next to a pin has no fix of its own',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:8443 ssl crt /a.pem force-tlsv11 ssl-min-ver TLSv1.0',
        '#                                      ^^^^^^^^^^^^ warning: force-tlsv11',
        '#                                                   ^^^^^^^^^^^^^^^^^^^ warning: ssl-min-ver TLSv1.0',
        '',
      ].join('\n'),
      output: ['frontend fe', '    bind 127.0.0.1:8443 ssl crt /a.pem ssl-min-ver TLSv1.0', ''].join('\n'),
    },
  ],
});
