-- Drives Neovim 0.7 (Debian's) headless as an LSP client of haproxy-bitbucket-language-server.
-- Run by test/editors/editors.test.ts:
--   nvim --headless --clean -n -i NONE -S test/editors/neovim.lua
-- with HB_PLAN pointing at a JSON file:
--   { "node": "/usr/bin/node", "server": "<repo>/bin/haproxy-bitbucket-language-server.js",
--     "root": "<copy of the fixture workspace>", "out": "<result file>",
--     "files": [ { "path": "haproxy.cfg", "hover": [{"line": 0, "character": 0}],
--                  "action": {"line": 0, "character": 0, "title": "..."} } ] }
-- It writes { files = [ { diagnostics, hovers, actions, applied, text } ], error } to "out".
-- The client set-up below is what a Neovim 0.7 user puts in init.lua.

local plan = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('HB_PLAN')), '\n'))
local result = { files = {} }

local function finish(code)
  vim.fn.writefile({ vim.fn.json_encode(result) }, plan.out)
  if code == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit ' .. code)
  end
end

-- Neovim 0.7 calls haproxy.cfg "cfg": name the file types the server understands.
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = { 'haproxy*.cfg', '*/haproxy/*.cfg' },
  callback = function() vim.bo.filetype = 'haproxy' end,
})

local client_id
local function attach(bufnr)
  if not client_id then
    client_id = vim.lsp.start_client({
      name = 'haproxy-bitbucket',
      cmd = { plan.node, plan.server, '--stdio' },
      root_dir = plan.root,
      -- bitbucket.properties keeps Neovim's jproperties highlighting; the server is told
      -- the language it checks.
      get_language_id = function(_, filetype)
        return filetype == 'jproperties' and 'bitbucket-properties' or filetype
      end,
    })
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
end
vim.api.nvim_create_autocmd('FileType', { pattern = 'haproxy', callback = function(a) attach(a.buf) end })
vim.api.nvim_create_autocmd('BufRead', { pattern = 'bitbucket.properties', callback = function(a) attach(a.buf) end })

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  if not responses then error(method .. ' failed: ' .. tostring(err)) end
  for _, r in pairs(responses) do
    if r.error then error(method .. ' failed: ' .. vim.inspect(r.error)) end
    return r.result
  end
end

local function run()
  for _, file in ipairs(plan.files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(plan.root .. '/' .. file.path))
    local bufnr = vim.api.nvim_get_current_buf()
    local entry = { path = file.path, filetype = vim.bo.filetype }
    table.insert(result.files, entry)
    local arrived = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
    if not arrived then error('no diagnostics for ' .. file.path .. ' within 15 s') end
    entry.diagnostics = vim.tbl_map(function(d)
      return {
        lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
        severity = d.severity, code = d.code, source = d.source, message = d.message,
      }
    end, vim.diagnostic.get(bufnr))

    local uri = vim.uri_from_bufnr(bufnr)
    entry.hovers = {}
    for _, position in ipairs(file.hover or {}) do
      local hover = request(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = position })
      table.insert(entry.hovers, hover and hover.contents or vim.NIL)
    end

    if file.action then
      local pos = { line = file.action.line, character = file.action.character }
      local lsp_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, pos.line)
      local actions = request(bufnr, 'textDocument/codeAction', {
        textDocument = { uri = uri },
        range = { start = pos, ['end'] = pos },
        context = { diagnostics = lsp_diagnostics },
      }) or {}
      entry.actions = vim.tbl_map(function(a) return a.title end, actions)
      for _, a in ipairs(actions) do
        if a.title == file.action.title and a.edit then
          vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16')
          entry.applied = a.title
        end
      end
      entry.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
    end
  end
end

local ok, err = pcall(run)
if not ok then
  result.error = tostring(err)
  finish(1)
else
  finish(0)
end
