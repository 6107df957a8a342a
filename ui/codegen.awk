# codegen.awk: makes ui/code_gen.c, each act's Python for the code panel, from bench/python/cafe.py's "# @code" blocks.
function esc(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return s
}

function add(act, text, phase, await) {
	n[act]++
	line[act, n[act]] = sprintf("\t{ \"%s\", %s, %d },", esc(text),
	    phase == "" ? "NULL" : "\"" phase "\"", await)
}

/#[ \t]*@code/ {
	match($0, /^[ \t]*/)
	indent = RLENGTH
	nacts = 0
	for (i = 1; i <= NF; i++)
		if ($i ~ /^[1-6]$/)
			acts[++nacts] = $i
	for (i = 1; i <= nacts; i++)
		if (n[acts[i]] > 0)
			add(acts[i], "", "", 0)
	inblock = 1
	next
}

/#[ \t]*@end/ {
	inblock = 0
	next
}

inblock {
	text = $0
	phase = ""
	await = 0
	if (match(text, /#[ \t]*@[a-z:-]+[ \t]*$/)) {
		tag = substr(text, RSTART, RLENGTH)
		sub(/^#[ \t]*@/, "", tag)
		sub(/[ \t]+$/, "", tag)
		if (tag ~ /^await:/) {
			await = 1
			tag = substr(tag, 7)
		}
		phase = tag
		text = substr(text, 1, RSTART - 1)
		sub(/[ \t]+$/, "", text)
	}
	if (substr(text, 1, indent) ~ /^[ \t]*$/)
		text = substr(text, indent + 1)
	for (i = 1; i <= nacts; i++)
		add(acts[i], text, phase, await)
}

END {
	print "/* code_gen.c: each act's Python, made by ui/codegen.awk from bench/python/cafe.py: do not edit. */"
	print "#include \"config.h\""
	print ""
	print "#include \"code.h\""
	for (a = 1; a <= 6; a++) {
		print ""
		printf "static const struct code_line code_act%d[] = {\n", a
		for (i = 1; i <= n[a]; i++)
			print line[a, i]
		print "\t{ NULL, NULL, 0 }"
		print "};"
	}
	print ""
	print "const struct code_line *const code_acts[CAFE_ACTS] = {"
	print "\tcode_act1, code_act2, code_act3, code_act4, code_act5, code_act6"
	print "};"
}
