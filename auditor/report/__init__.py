"""Report writers: text, json, html, xlsx, csv, stats."""
