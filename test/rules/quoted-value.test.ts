import { ruleTester } from '../helpers/rule-tester';

ruleTester('quoted-value', 'bitbucket-properties', {
  valid: [
    'setup.displayName=My Bitbucket',
    { name: 'one quote', code: 'a="b' },
    { name: 'a lone quote character', code: 'a="' },
    { name: 'quotes that do not wrap the value', code: 'a=say "hi"' },
    { name: 'two quoted strings', code: 'a="x" and "y"' },
    { name: 'mismatched quotes', code: 'a="x\'' },
    { name: 'an apostrophe inside', code: "a=it's" },
  ],
  invalid: [
    {
      name: 'double quotes',
      code: ['setup.displayName="My Bitbucket"', '#                 ^^^^^^^^^^^^^^ warning: read as "My Bitbucket", quote characters included'].join('\n'),
      output: 'setup.displayName=My Bitbucket',
    },
    {
      name: 'single quotes on a password',
      code: ["jdbc.password='s3cret'", "#             ^^^^^^^^ warning: quotes become part of the value"].join('\n'),
      output: 'jdbc.password=s3cret',
    },
    {
      name: 'trailing blanks after the closing quote',
      code: ['a = "x"  ', '#   ^^^ warning: rather than as x'].join('\n'),
      output: 'a = x  ',
    },
    {
      name: 'empty quotes',
      code: ['a=""', '# ^^ warning: rather than as an empty value'].join('\n'),
      output: 'a=',
    },
    {
      name: 'a blank right after the opening quote stays in the value',
      code: ['a=" x"', '# ^^^^ warning: quote'].join('\n'),
      output: 'a=\\ x',
    },
  ],
});
