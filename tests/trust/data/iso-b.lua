print("B: sees", shared_secret, ("x"):upper(), string.upper("y"), tostring(1), glossa.args.mode, table.insert == print)
glossa.count("docs")
return {document = function(doc) end, finish = function() print("B: count", glossa.counts().docs) end}
