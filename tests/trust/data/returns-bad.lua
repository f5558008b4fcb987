return {document = function() end, finish = 42}
