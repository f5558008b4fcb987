-- Item 10: the document takes 2 s of the 3 s --timeout, then finish takes
-- 2 s: finish has a deadline of its own (was: it ran under the last
-- document's, and failed with "time limit exceeded"). Trusted, to sleep
-- in wall-clock time whatever the machine's load.
local function pause() os.execute("sleep 2"); for i = 1, 300000 do end end
return {
  document = function(doc) pause() end,
  finish = function() pause(); print("finish done") end,
}
