#!/bin/sh
# Writes the hardened-parsing inputs of tests/security/.
#
#   tests/security/make-inputs.sh small DIR   the small inputs, committed in
#                                             tests/security/inputs/ (run it
#                                             to regenerate them)
#   tests/security/make-inputs.sh big DIR     the big ones, made at test time
#                                             by run.sh into a temporary dir
#
# Everything is deterministic: the same bytes on every run, so the expected
# outputs hold. Only POSIX sh, printf, awk, head and tr are used.
set -eu
LC_ALL=C
export LC_ALL
mode=${1:?usage: make-inputs.sh small|big DIR}
dir=${2:?usage: make-inputs.sh small|big DIR}
mkdir -p "$dir"
cd "$dir"

# bytes OCTAL...: raw bytes from octal escapes (portable printf)
bytes() { printf "$@"; }

# lcg N: N pseudo-random bytes (a fixed LCG, so the junk is reproducible)
lcg() {
  awk -v n="$1" 'BEGIN { x = 12345; for (i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648; printf "%c", int(x / 65536) % 256 } }'
}

# utf16 le|be: stdin (ASCII) as UTF-16 with a BOM
utf16() {
  if [ "$1" = le ]; then printf '\377\376'; else printf '\376\377'; fi
  LC_ALL=C awk -v be="$([ "$1" = be ] && echo 1 || echo 0)" 'BEGIN { RS = "\001" } {
    for (i = 1; i <= length($0); i++) { c = substr($0, i, 1)
      if (be) printf "%c%s", 0, c; else printf "%s%c", c, 0 } }'
}

case $mode in
small)
  # --- XXE and external DTDs: nothing may be read or connected to
  cat >xxe-file.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE doc [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<doc>Before the entity. &x; After the entity.</doc>
X
  cat >xxe-http.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE doc [<!ENTITY x SYSTEM "http://127.0.0.1:9/secret">]>
<doc>Before the entity. &x; After the entity.</doc>
X
  cat >xxe-param.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE doc [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
<doc>A parameter entity to a local file.</doc>
X
  cat >xxe-file.html <<'X'
<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<html><body><p>Before the entity. &x; After the entity.</p></body></html>
X
  cat >dtd-file.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE doc SYSTEM "file:///etc/passwd">
<doc>An external DTD on the local disk.</doc>
X
  cat >dtd-http.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE doc SYSTEM "http://127.0.0.1:9/doc.dtd">
<doc>An external DTD on the network.</doc>
X
  cat >dtd-file-default.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE doc SYSTEM "file:///etc/passwd">
<doc>An external DTD used for a default entity &nbsp; here.</doc>
X
  # one external entity referenced 300 times, and twelve of them: each is
  # reported once, and at most 10 are listed
  awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n<!DOCTYPE doc [\n"
    for (i = 1; i <= 12; i++) printf "<!ENTITY x%d SYSTEM \"file:///etc/passwd\">\n", i
    printf "]>\n<doc><p>One entity, many references:"
    for (i = 0; i < 300; i++) printf " &x1;"
    printf ".</p>\n<p>Twelve entities:"
    for (i = 1; i <= 12; i++) printf " &x%d;", i
    printf ".</p></doc>\n" }' >xxe-many.xml
  # XHTML naming its DTD, with the entities only that DTD declares
  cat >dtd-undeclared.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://127.0.0.1:9/xhtml1-strict.dtd">
<html><body><p>Caf&eacute; au lait&nbsp;&mdash; &eacute;clair&nbsp;too.</p></body></html>
X
  # a refused entity, then an error: the warning comes before the error
  cat >xxe-then-error.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE doc [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<doc>Before the entity. &x; After the entity.
<p>Not closed.</doc>
X
  cat >xinclude.xml <<'X'
<?xml version="1.0"?>
<doc xmlns:xi="http://www.w3.org/2001/XInclude">
<p>Before the include.</p>
<xi:include href="/etc/passwd" parse="text"/>
<xi:include href="http://127.0.0.1:9/x.xml"/>
<p>After the include.</p>
</doc>
X
  # --- entity amplification
  cat >billion-laughs.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>
X
  # a real loop: a refers to b, which refers to a
  cat >entity-loop.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE doc [<!ENTITY a "x &b;"><!ENTITY b "y &a;">]>
<doc>A loop: &a;</doc>
X
  # --- invalid UTF-8 (a Latin-1 e-acute, a lone continuation byte, an
  # overlong slash), on line 2
  bytes 'First line is fine.\nCaf\351 au lait. Bad \200 byte and \300\257 overlong.\n' >bad-utf8.txt
  bytes '<!DOCTYPE html>\n<html><body><p>Caf\351 au lait. Bad \200 byte.</p></body></html>\n' >bad-utf8.html
  bytes '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body><p>Caf\351 au lait. Bad \200 byte.</p></body></html>\n' >bad-utf8-declared.html
  bytes '<?xml version="1.0"?>\n<doc>Caf\351 au lait. Bad \200 byte.</doc>\n' >bad-utf8.xml
  # UTF-8 declared the http-equiv way: a cut 4-byte sequence (one U+FFFD),
  # an overlong (three), a surrogate (three), past U+10FFFF (four), a good one
  bytes '<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head>\n<body><p>Cut \360\237\230 emoji. Overlong \340\200\257 slash. Surrogate \355\240\200 here. Too big \364\220\200\200 here. Euro \342\202\254 fine.</p></body></html>\n' >bad-utf8-http-equiv.html
  # UTF-8 declared by an XML declaration only
  bytes '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>Caf\351 au lait. Bad \200 byte. Good \303\251.</p></body></html>\n' >bad-utf8-xmldecl.html
  # not UTF-8, no charset: read as windows-1252, where 0x81 is undefined
  bytes '<html><body><p>Before the bad byte.</p>\n<p>Caf\351 \201 au lait.</p>\n<p>After the bad byte.</p></body></html>\n' >cp1252-undefined.html
  # --- UTF-16 with a BOM
  printf 'Hello UTF-16. A second sentence.\n' | utf16 le >utf16le.txt
  printf 'Hello UTF-16. A second sentence.\n' | utf16 be >utf16be.txt
  printf '<html><body><p>Hello UTF-16. A second sentence.</p></body></html>\n' | utf16 le >utf16le.html
  printf '<html><body><p>Hello UTF-16. A second sentence.</p></body></html>\n' | utf16 be >utf16be.html
  printf '<?xml version="1.0" encoding="UTF-16"?>\n<doc>Hello UTF-16. A second sentence.</doc>\n' | utf16 le >utf16le.xml
  printf '<?xml version="1.0" encoding="UTF-16"?>\n<doc>Hello UTF-16. A second sentence.</doc>\n' | utf16 be >utf16be.xml
  # a BOM then an odd number of bytes: a truncated UTF-16 file
  bytes '\377\376H\000i\000.' >utf16le-odd.txt
  # --- NUL bytes (on line 2)
  bytes 'One sentence.\nTwo \000 sentences.\n' >nul.txt
  bytes '<html><body><p>One sentence.</p>\n<p>Two \000 sentences.</p></body></html>\n' >nul.html
  bytes '<?xml version="1.0"?>\n<doc>One sentence.\nTwo \000 sentences.</doc>\n' >nul.xml
  # NUL right after a tag (issue 11 item 13: the rest of the page was lost),
  # and one in each context (tests/html/nul/ has them against Chromium)
  bytes '<p>x</p>\000<p>more text</p>\n' >nul-after-tag.html
  bytes '<!DOCTYPE html>\n<body>\n<p title="a\000b">Text \000one.</p>\n<p>Comment<!-- c\000 -->two.</p>\n' >nul-contexts.html
  bytes '<p>Script <script>s\000</script>three. <textarea>t\000x</textarea></p>\n' >>nul-contexts.html
  bytes '<svg><text>Svg \000four.</text></svg><math><mi>Math \000five.</mi></math>\n<p>Last \000six.</p>\n' >>nul-contexts.html
  # --- encodings iconv cannot use or that do not fit the bytes (item 21)
  printf '<?xml version="1.0" encoding="EBCDIC-US"?>\n<doc>Declared EBCDIC, written in ASCII.</doc>\n' >ebcdic.xml
  printf '<?xml version="1.0" encoding="X-NO-SUCH"?>\n<doc>An encoding nobody has.</doc>\n' >unknown-encoding.xml
  printf '<html><head><meta charset="EBCDIC-US"></head><body><p>Declared EBCDIC, written in ASCII.</p></body></html>\n' >ebcdic.html
  bytes '<html><head><meta http-equiv="Content-Type" content="text/html; charset=shift_jis"></head>\n<body><p>Kana \202\240 here.</p>\n<p>Bad \377\377 bytes.</p>\n<p>After them.</p></body></html>\n' >sjis-bad.html
  # --- a page whose own scripts must not run in -f inline's output (item 22)
  cat >inline-scripts.html <<'X'
<!DOCTYPE html>
<html><head><script>document.title = "RAN";</script><title>Page</title></head>
<body onload="document.body.textContent = 'RAN onload'"><p>The page text.</p>
<img src="x" onerror="document.body.textContent = 'RAN onerror'">
<a href="javascript:document.body.textContent = 'RAN link'">link</a></body></html>
X
  # --- labels, notes, ids and names that would break a format (item 19)
  bytes '{"id": "rec\\u0001\\nforged:1:1: evil: \\"x\\" \377\376", "text": "A record sentence."}\n' >fields.jsonl
  # --- truncated files, cut mid-tag
  bytes '<?xml version="1.0"?>\n<doc><p>A complete sentence.</p>\n<p>Cut off in the mid' >truncated.xml
  bytes '<!DOCTYPE html>\n<html><body><p>A complete sentence.</p>\n<p>Cut off. <a hr' >truncated.html
  # --- binary junk
  lcg 512 >junk.bin
  lcg 512 >junk.html
  lcg 512 >junk.xml
  bytes '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001\000\000\000\001\010\006\000\000\000\037\025\304\211' >header.png
  cp header.png png-named.txt
  # --- the document escapes.lua annotates
  printf 'Sandbox escape attempts.\n' >escapes.txt
  # --- empty files
  : >empty.txt
  : >empty.html
  : >empty.xml
  ;;
big)
  # quadratic blowup: one 20 KB entity referenced 20000 times (400 MB if
  # expanded) in an 80 KB file, and a small one, a 10 KB entity referenced
  # 100 times (1 MB) in a 10 KB file; a 10-byte entity referenced 300 000
  # times in one paragraph (3 MB, no amplification to speak of, but each
  # reference used to re-measure the whole paragraph)
  quadratic() {
    printf '<?xml version="1.0"?>\n<!DOCTYPE doc [<!ENTITY a "'
    head -c "$1" /dev/zero | tr '\0' a
    printf '">]>\n<doc>'
    awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "&a;" }'
    printf '</doc>\n'
  }
  quadratic 20000 20000 >quadratic.xml
  quadratic 10000 100 >quadratic-small.xml
  quadratic 10 300000 >entity-many-refs.xml
  # amplification by elements: 10 empty elements and 100 bytes per reference
  awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n<!DOCTYPE doc [<!ENTITY a \"aaaaaaaaaa<b/>\">"
    printf "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<doc>"
    for (i = 0; i < 300000; i++) printf "&b;"; printf "</doc>\n" }' >entity-markup.xml
  # 100 000 predefined entity references on one 600 KB line
  awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n<doc>"; for (i = 0; i < 100000; i++) printf "x&amp;"
    printf ". End.</doc>\n" }' >amp-line.xml
  # 10^5 nested elements
  awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n"; for (i = 0; i < 100000; i++) printf "<d>";
    printf "Deep text."; for (i = 0; i < 100000; i++) printf "</d>"; printf "\n" }' >deep.xml
  awk 'BEGIN { printf "<!DOCTYPE html>\n<html><body>"; for (i = 0; i < 100000; i++) printf "<div>";
    printf "Deep text."; for (i = 0; i < 100000; i++) printf "</div>"; printf "</body></html>\n" }' >deep.html
  # 200 000 levels, text at every 1000th, in every format (item 4: -f inline
  # crashed at about 60 000); XML too (refused past libxml2's 256)
  awk 'BEGIN { printf "<!DOCTYPE html>\n<html><body><p>Text before.</p>\n"; for (i = 0; i < 200000; i++) {
    printf "<div>"; if (i % 1000 == 999) printf "Level %d.", i + 1 }
    printf "Deep text."; for (i = 0; i < 200000; i++) printf "</div>"; printf "\n<p>Text after.</p></body></html>\n" }' >deep-200k.html
  awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n<r>"; for (i = 0; i < 200000; i++) printf "<d>";
    printf "Deep text."; for (i = 0; i < 200000; i++) printf "</d>"; printf "</r>\n" }' >deep-200k.xml
  # 300 nested divs with text before and after them
  awk 'BEGIN { printf "<!DOCTYPE html>\n<html><body><p>Text before.</p>\n"; for (i = 0; i < 300; i++) printf "<div>";
    printf "Deep text."; for (i = 0; i < 300; i++) printf "</div>"; printf "\n<p>Text after.</p></body></html>\n" }' >deep-256.html
  # the same unclosed (a browser's tree gets just as deep)
  awk 'BEGIN { printf "<!DOCTYPE html>\n<html><body>"; for (i = 0; i < 100000; i++) printf "<span>";
    printf "Deep text.\n" }' >deep-unclosed.html
  # a 2 MB line: one long sentence, then a short one
  awk 'BEGIN { for (i = 0; i < 400000; i++) printf "word "; printf "end. Short one.\n" }' >huge-line.txt
  # in HTML, 512 KB (the 2 MB one, SLOW=1 only, takes 17 s under ASan)
  awk 'BEGIN { printf "<html><body><p>"; for (i = 0; i < 100000; i++) printf "word ";
    printf "end. Short one.</p></body></html>\n" }' >huge-line.html
  awk 'BEGIN { printf "<html><body><p>"; for (i = 0; i < 400000; i++) printf "word ";
    printf "end. Short one.</p></body></html>\n" }' >huge-line-2m.html
  # a 2 MB line of 100 000 sentences (SLOW=1 only)
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "Word number %06d. ", i; printf "\n" }' >huge-line-many.txt
  # 2 KB, over --max-size 1K
  awk 'BEGIN { for (i = 0; i < 64; i++) printf "Sentence number %05d is here.\n", i }' >over-max-size.txt
  ;;
*)
  echo "make-inputs.sh: mode must be small or big" >&2
  exit 2
  ;;
esac
