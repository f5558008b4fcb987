# dump_dom SECONDS PAGE OUT: headless Chromium's DOM of file PAGE, after its
# scripts ran, into OUT; $chromium is the browser, $tmp a scratch directory
# (its profile goes there). Sourced by the Chromium oracles
# (tests/html/textcontent.sh, tests/encodings/regen.sh); exits on failure.
dump_dom() {
  timeout "$1" "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$tmp/profile" --allow-file-access-from-files \
    --dump-dom "file://$2" > "$3" 2> "$tmp/stderr.txt" || {
    echo "$0: chromium failed:" >&2; tail -5 "$tmp/stderr.txt" >&2; exit 1; }
}
