-- wrk script: setCommentsRequest envelopes of new comments, as the harness's own load generator
-- sends them (two comments per shop order; every CommentId never sent before), and a check of
-- every answer: HTTP 200 with one 1001 per comment, or the request counts as bad.
--   wrk -t2 -c8 -d15s --latency -s bench/wrk/set-comments.lua URL -- WEBSITE KEY ITEMS FIRST_ID
-- FIRST_ID: the first CommentId of this run; thread t uses FIRST_ID + (t - 1) * 1,000,000,000 onwards, so a
-- run must start above every id an earlier run used. The OrderNumber is "CC" and CommentId / 2, at most 11
-- characters: every id a run sends (the last thread's FIRST_ID + 1e9 onwards) stays under 2,000,000,000.
-- done() prints one "wrk-result" line the harness reads: requests, bad answers, latency percentiles in
-- microseconds, the CommentIds sent (ids) and the most one thread sent (max_ids: the next run's FIRST_ID
-- goes past it).

local threads = {}
local counter = 1

function setup(thread)
   thread:set("index", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

local text = "L'article demo_1_ws (couleur blanche) n'est malheureusement plus en stock, "
   .. "souhaitez-vous le remplacer par l'article demo_1-bs (couleur noire) ? En vous remerciant par avance "
   .. "de votre retour. Cordialement, le service client."

function init(args)
   website = args[1]
   key = args[2]
   items = tonumber(args[3])
   first_id = tonumber(args[4]) + (index - 1) * 1000000000
   next_id = first_id
   bad = 0
   -- "Code>1001</": the answer's Code element whatever its prefix (a Key of 1001 reads "Key>1001</").
   created_marker = "Code>1001</"
end

function request()
   local parts = {
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ',
      'xmlns:open="http://www.opensi.fr" xmlns:xsd="http://www.opensi.fr/xsd">',
      '<soapenv:Header><open:Header><open:key>', key, '</open:key></open:Header></soapenv:Header>',
      '<soapenv:Body><open:setCommentsRequest><open:Website_Code>', website, '</open:Website_Code>'
   }
   for id = next_id, next_id + items - 1 do
      local order = math.floor(id / 2)
      parts[#parts + 1] = '<open:Comment><xsd:OrderNumber>CC' .. order .. '</xsd:OrderNumber><xsd:WebOrderNumber>'
         .. order .. '</xsd:WebOrderNumber><xsd:CommentId>' .. id .. '</xsd:CommentId><xsd:Comment>' .. text
         .. '</xsd:Comment><xsd:CommentDate>2020-05-01</xsd:CommentDate><xsd:SendMail>true</xsd:SendMail>'
         .. '<xsd:VisibleForCustomer>true</xsd:VisibleForCustomer></open:Comment>'
   end
   parts[#parts + 1] = '</open:setCommentsRequest></soapenv:Body></soapenv:Envelope>'
   next_id = next_id + items
   return wrk.format("POST", nil, {["Content-Type"] = "text/xml; charset=utf-8", ["SOAPAction"] = '""'},
      table.concat(parts))
end

function response(status, headers, body)
   if status ~= 200 then
      bad = bad + 1
      return
   end
   local created = 0
   local from = 1
   while true do
      local at = string.find(body, created_marker, from, true)
      if at == nil then break end
      created = created + 1
      from = at + 1
   end
   if created ~= items then
      bad = bad + 1
   end
end

function done(summary, latency, requests)
   local bad_answers = 0
   local ids = 0
   local max_ids = 0
   for _, thread in ipairs(threads) do
      bad_answers = bad_answers + thread:get("bad")
      local used = thread:get("next_id") - thread:get("first_id")
      ids = ids + used
      if used > max_ids then max_ids = used end
   end
   io.write(string.format(
      "wrk-result requests=%d seconds=%.3f bad=%d socket_errors=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d ids=%d max_ids=%d\n",
      summary.requests, summary.duration / 1e6, bad_answers,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, ids, max_ids))
end
