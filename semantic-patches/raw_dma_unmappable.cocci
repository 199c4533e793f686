// SPDX-License-Identifier: GPL-2.0
/// Find memory given to the streaming DMA API that must not be mapped:
/// the buffer of dma_map_single() (or _attrs), the virt_to_page() or
/// vmalloc_to_page() argument of dma_map_page() (or _attrs), or the buffer
/// of sg_init_one()/sg_set_buf() in a function that then calls
/// dma_map_sg(), dma_map_sg_attrs(), dma_map_sgtable() or
/// virtqueue_add_inbuf()/_outbuf()/_sgs() (which map through the DMA API
/// when the device needs it), when that buffer is
///  - on the stack: the address of a local variable, a local array, or a
///    pointer assigned one (ERROR).  With CONFIG_VMAP_STACK (the default on
///    x86-64 and arm64) the stack is vmalloc memory: dma_map_single()
///    rejects it ("rejecting DMA map of vmalloc memory") and returns
///    DMA_MAPPING_ERROR, virt_to_page() and sg_set_buf() compute a wrong
///    page, and CONFIG_DMA_API_DEBUG reports "device driver maps memory
///    from stack".  Without it, the buffer shares cache lines with live
///    locals, which a non-coherent cache invalidate (ARM, MIPS) destroys;
///  - vmalloc(), vzalloc(), vmalloc_user(), __vmalloc() ... memory (ERROR):
///    not physically contiguous and outside the linear map, rejected by
///    dma_map_single() and wrong under virt_to_page();
///  - kvmalloc(), kvzalloc(), kvcalloc() ... memory (WARNING): kmalloc
///    memory while the allocation is small or memory is not fragmented,
///    vmalloc memory otherwise, so the failure shows only under memory
///    pressure;
///  - const data: a string literal or a const object of the file (ERROR):
///    read-only pages in .rodata, which a DMA_FROM_DEVICE mapping writes
///    (or a bounce buffer copies back into), and which dma-debug reports
///    ("device driver maps memory from kernel text or rodata");
///  - static or global data of the file (WARNING): in a module it lives in
///    module space, outside the linear map on x86-64 (and vmalloc space on
///    most other architectures), where virt_to_page() is wrong; built into
///    the kernel it is in the image's linear alias and works, and it shares
///    cache lines with the neighbouring variables on non-coherent machines;
///  - a field of a structure, mapped DMA_FROM_DEVICE or DMA_BIDIRECTIONAL
///    (for sg_init_one(): given to virtqueue_add_inbuf() or dma_map_sg()
///    with one of those), that is an array or an object inside the
///    structure (not a pointer), declared without ____cacheline_aligned,
///    __aligned() or __cacheline_aligned, in a structure that has other
///    members (WARNING).  On a non-coherent machine the map's invalidate
///    and the unmap's invalidate discard what the CPU wrote to the other
///    members in the same cache lines while the device owned them (or a
///    writeback of those members overwrites what the device wrote).
///    arm64 bounces such a mapping through swiotlb when its size is not a
///    multiple of the cache line (CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC,
///    since 6.5); 32-bit ARM, MIPS, PowerPC 8xx, ARC and others do not.
///    A driver that only platforms with coherent DMA run is not reported
///    for a field: its directory's Makefile and Kconfig confine it to x86,
///    s390 or 64-bit Book3S PowerPC (depends on PPC_PSERIES; X86 ||
///    COMPILE_TEST), where no cache line is invalidated.
/// Smatch (check_dma_on_stack.c) already reports "doing dma on the stack"
/// for the buffer of usb_control_msg() and of a list of USB drivers'
/// helpers; this rule looks at the DMA API itself, and adds vmalloc,
/// kvmalloc, const, static data and the shared-cache-line field.
//# The buffer is the map's argument with casts and parentheses taken
//# away: &x, &x.f, &x[i], x or x + n for an array x, a string literal;
//# x->f and x.f for the field check.  A pointer is followed only inside
//# one function, from one assignment (p = &x, p = vmalloc(...), T *p =
//# buf) to a map of p on a path on which p is not assigned again; a
//# pointer passed in by a caller, or kept in a structure by another
//# function, is not seen, except a field that the file assigns only from
//# vmalloc()/kvmalloc() (priv->fw = vmalloc(...) in one function,
//# dma_map_single(dev, priv->fw, ...) in another).  A name is local when
//# it is declared in the map's function (scopes inside the function are
//# not told apart), static or global when it is declared at the top of
//# the file or static in the function; a parameter counts only as &param
//# of a structure or scalar passed by value.  The field check needs the
//# structure's definition, read as text from the file or from the .h
//# files of its directory, and the type of E in E->f, which spatch knows
//# for a local variable or a parameter; it cannot see whether the CPU
//# writes the other members while the field is mapped (the report says
//# which members share the structure).  The platforms are read from the
//# Kconfig entry of the symbol the directory's Makefile builds the file
//# under (obj-$(CONFIG_X) += file.o, or a composite object's part): its
//# "depends on" lines and the "if" blocks around it in that Kconfig, not
//# the conditions of a parent directory's Kconfig that sources it.
//# sg_init_table() + sg_set_buf() is
//# followed, sg_set_page() is not; an sg list built in one function and
//# mapped in another is not seen.
///
// Confidence: Moderate
// Copyright: (C) 2026 The kcell authors.
// Comments: for drivers that call the DMA API directly; needs no macro
//  file (kcell.macros, which kcell-check and run-tests pass, is harmless)
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@

import os
import re

rd_file = None
# Declarations of the current file: (function or None, name) -> type;
# statics (in a function, or at the top of the file); parameters.
rd_decls = {}
rd_statics = set()
# Names declared as arrays, or at the top of the file.
rd_arrays = set()
rd_params = {}
# Fields assigned from vmalloc()/kvmalloc() in the file: name -> (kind,
# line); fields assigned from something else.
rd_vfields = {}
rd_ofields = set()
# Structure definitions read from the file and its directory's headers.
rd_structs = {}
# Buffers handed to a map, by position of the buffer expression:
# (map function, direction or None, position of the map, how).
rd_sinks = {}
# Reports already made: (file, line, column) of the buffer.
rd_done = set()
# Reports to make, by position of the buffer: (level, message, position of
# the map).
rd_flagged = {}

rd_vmallocs = {"vmalloc", "vzalloc", "vmalloc_user", "__vmalloc",
	       "vmalloc_node", "vzalloc_node", "vmalloc_32", "vmalloc_32_user",
	       "vmalloc_array", "vcalloc", "__vmalloc_node", "vmalloc_huge"}
rd_kvmallocs = {"kvmalloc", "kvzalloc", "kvcalloc", "kvmalloc_array",
		"kvmalloc_node", "kvzalloc_node", "kvrealloc", "kvmemdup",
		"kvrealloc_array"}
rd_from = {"DMA_FROM_DEVICE", "DMA_BIDIRECTIONAL"}

def rd_new_file(p):
	global rd_file
	if p[0].file != rd_file:
		rd_file = p[0].file
		rd_decls.clear()
		rd_statics.clear()
		rd_params.clear()
		rd_vfields.clear()
		rd_ofields.clear()
		rd_structs.clear()
		rd_sinks.clear()
		rd_sinknames.clear()
		rd_arrays.clear()
		rd_slots.clear()
		rd_bymap.clear()
		rd_flagged.clear()

def rd_key(p):
	return (p[0].file, p[0].line, p[0].column)

def rd_expr(e):
	"""An expression as spatch prints it, with the spaces it adds removed."""
	s = re.sub(r"\s*(->|\.|\[|\]|\))\s*", r"\1", str(e))
	s = re.sub(r"([(\[&*!~])\s+", r"\1", s)
	return re.sub(r"(\w)\s+\(", r"\1(", s).strip()

rd_cast = re.compile(r"^\((const\s+|volatile\s+)*((struct|union|enum|unsigned|signed)\s+)?\w+(\s+\w+)*[\s*]*\)\s*(?=[\w&(\"])")

def rd_strip(e):
	"""The expression without the casts and parentheses around it."""
	s = rd_expr(e)
	while True:
		t = rd_cast.sub("", s, count=1)
		if t.startswith("(") and t.endswith(")") and rd_balanced(t[1:-1]):
			t = t[1:-1].strip()
		if t == s:
			return s
		s = t

def rd_balanced(s):
	depth = 0
	for c in s:
		if c == "(":
			depth += 1
		elif c == ")":
			depth -= 1
			if depth < 0:
				return False
	return depth == 0

def rd_shape(e):
	"""(form, name, rest) of a buffer: "lit" for a string literal, "addr"
	for &x..., "bare" for x or x + n, "member" for x->f or x.f, or None."""
	s = rd_strip(e)
	if s.startswith('"'):
		return ("lit", None, "")
	m = re.match(r"^&\s*(\w+)(.*)$", s)
	if m:
		rest = m.group(2).strip()
		if rest == "" or re.match(r"^(\.\w+|\[[^\]]*\])+$", rest):
			return ("addr", m.group(1), rest)
		return None
	m = re.match(r"^(\w+)\s*(\+.*)?$", s)
	if m:
		return ("bare", m.group(1), m.group(2) or "")
	return None

def rd_declare(p, x, kind):
	"""A declaration of x at p; kind adds "[" (an array), "*" (a
	pointer) or "const" to what is known of its type."""
	fn = rd_fn(p)
	key = (None if fn == str(x) else fn, str(x))
	rd_decls[key] = (rd_decls.get(key, "") + " " + kind).strip()
	if kind == "[" or fn == str(x):
		rd_arrays.add(str(x))

def rd_fn(p):
	return p[0].current_element

def rd_line(p):
	return p[0].line

def rd_name_kind(fn, x, form):
	"""What name x of function fn is, used as form: (kind, detail) where
	kind is stack, const or static, or None."""
	if (fn, x) in rd_decls and (fn, x) not in rd_statics:
		t = rd_decls[(fn, x)]
		if form == "addr" or "[" in t:
			return ("stack", "local %s %s of %s()" % ("array" if "[" in t else "variable", x, fn))
		return None
	if (fn, x) in rd_params:
		t = rd_params[(fn, x)]
		if form == "addr" and "*" not in t and "[" not in t:
			return ("stack", "parameter %s of %s(), passed by value" % (x, fn))
		return None
	if (fn, x) in rd_statics:
		t = rd_decls[(fn, x)]
		where = "static %s of %s()" % (x, fn)
	elif (None, x) in rd_decls:
		t = rd_decls[(None, x)]
		where = "%s %s" % ("static" if (None, x) in rd_statics else "global", x)
	else:
		return None
	if form == "bare" and "[" not in t:
		return None
	if "*" in t and "[" not in t:
		return None
	if re.search(r"\bconst\b", t):
		return ("const", "const %s" % where)
	return ("static", where)

def rd_kind(e, fn):
	sh = rd_shape(e)
	if sh is None:
		return None
	form, x, rest = sh
	if form == "lit":
		return ("const", "a string literal")
	if form in ("addr", "bare"):
		return rd_name_kind(fn, x, form)
	return None

def rd_alloc_kind(f):
	f = str(f)
	if f in rd_vmallocs:
		return "vmalloc"
	if f in rd_kvmallocs:
		return "kvmalloc"
	return None

rd_levels = {"stack": "ERROR", "vmalloc": "ERROR", "const": "ERROR",
	     "kvmalloc": "WARNING", "static": "WARNING", "field": "WARNING"}

rd_why = {
	"stack": "the stack is vmalloc memory with CONFIG_VMAP_STACK (the map fails or maps the wrong page) and shares cache lines with live locals",
	"vmalloc": "vmalloc memory is not physically contiguous nor in the linear map: dma_map_single() rejects it, virt_to_page() is wrong",
	"kvmalloc": "kvmalloc memory is vmalloc memory when kmalloc fails (a fragmented or large allocation), and cannot be mapped then",
	"const": "read-only data in .rodata, which a device or a bounce buffer writes back into",
	"static": "module data is outside the linear map (virt_to_page() is wrong) and shares cache lines with its neighbours",
}

def rd_sinkdesc(s):
	mapf, d, pm, how = s
	if how == "sg":
		return "%s() on line %s, through the scatterlist" % (mapf, rd_line(pm))
	if how:
		return "%s(%s()) on line %s" % (mapf, how, rd_line(pm))
	return "%s() on line %s" % (mapf, rd_line(pm))

def rd_flag(pb, kind, what, extra=""):
	key = rd_key(pb)
	if key in rd_flagged or key not in rd_sinks:
		return
	s = rd_sinks[key]
	if s[3] == "vmalloc_to_page" and kind in ("vmalloc", "kvmalloc"):
		# Mapping vmalloc memory page by page is the way to do it.
		return
	msg = "%s (%s) is mapped by %s: %s%s" % (what[0], what[1], rd_sinkdesc(s), rd_why.get(kind, ""), extra)
	if kind == "field":
		msg = "%s is mapped %s by %s: %s" % (what[0], s[1], rd_sinkdesc(s), what[1])
	rd_flagged[key] = (rd_levels[kind], msg, s[2])

# The buffers' expressions (and x of x + n), to follow pointers to them.
rd_sinknames = set()

def rd_sink(pb, mapf, d, pm, how, b):
	rd_sinks[rd_key(pb)] = (str(mapf), d, pm, how)
	st = rd_strip(b)
	rd_sinknames.add(st)
	rd_sinknames.add(re.sub(r"\s*\+.*$", "", st))
	k = rd_kind(b, rd_fn(pb))
	if k is not None:
		rd_flag(pb, k[0], (rd_expr(b), k[1]))
	sh = rd_shape(b)
	if sh is None:
		m = re.match(r"^(.*?)(->|\.)(\w+)$", rd_strip(b))
		if m and m.group(3) in rd_vfields and m.group(3) not in rd_ofields:
			kind, line = rd_vfields[m.group(3)]
			rd_flag(pb, kind, (rd_expr(b), "field %s, assigned %s() memory on line %s" % (m.group(3), kind, line)))

def rd_is_alloc(e):
	"""e is a call of vmalloc() or kvmalloc() (or their kin)."""
	m = re.match(r"^(\w+)\s*\(", rd_strip(e))
	return m is not None and rd_alloc_kind(m.group(1)) is not None

def rd_src(e):
	"""A right-hand side worth following to a map: an allocation, a
	string, the address of a variable, an array of the file."""
	if rd_is_alloc(e):
		return True
	sh = rd_shape(e)
	if sh is None:
		return False
	if sh[0] in ("lit", "addr"):
		return True
	return sh[0] == "bare" and sh[1] in rd_arrays

def rd_dst(y):
	return rd_strip(y) in rd_sinknames

def rd_flow(pa, y, e, pb, b):
	"""y = e on line pa, and the buffer b of a map at pb, with y not
	assigned between them."""
	if rd_key(pb) not in rd_sinks:
		return
	s = rd_strip(b)
	yy = rd_expr(y)
	if not (s == yy or re.match(r"^%s\s*\+" % re.escape(yy), s)):
		return
	m = re.match(r"^(\w+)\s*\(", rd_strip(e))
	if m and rd_alloc_kind(m.group(1)):
		kind = rd_alloc_kind(m.group(1))
		rd_flag(pb, kind, (rd_expr(b), "%s() memory, assigned on line %s" % (m.group(1), rd_line(pa))))
		return
	k = rd_kind(e, rd_fn(pa))
	if k is not None:
		rd_flag(pb, k[0], (rd_expr(b), "%s, through %s = %s on line %s" % (k[1], yy, rd_expr(e), rd_line(pa))))

# --- the field check ---------------------------------------------------

rd_aligned = re.compile(r"____cacheline_aligned|__cacheline_aligned|__aligned\s*\(|aligned\s*\(|__dma_from_device|ARCH_DMA_MINALIGN|dma_aligned")

def rd_struct_body(fname, sname):
	"""The text of struct sname's definition, from the file or a header of
	its directory, or None."""
	if (fname, sname) in rd_structs:
		return rd_structs[(fname, sname)]
	body = None
	d = os.path.dirname(fname) or "."
	cands = [fname]
	try:
		cands += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".h"))
	except OSError:
		pass
	pat = re.compile(r"\bstruct\s+%s\s*\{" % re.escape(sname))
	for c in cands:
		try:
			with open(c, errors="replace") as fh:
				text = fh.read()
		except OSError:
			continue
		m = pat.search(text)
		if not m:
			continue
		i, depth = m.end(), 1
		while i < len(text) and depth:
			if text[i] == "{":
				depth += 1
			elif text[i] == "}":
				depth -= 1
			i += 1
		body = text[m.end():i - 1]
		break
	rd_structs[(fname, sname)] = body
	return body

def rd_strip_comments(s):
	s = re.sub(r"/\*.*?\*/", " ", s, flags=re.S)
	s = re.sub(r"//[^\n]*", " ", s)
	return re.sub(r"^\s*#.*$", " ", s, flags=re.M)

def rd_members(body):
	"""The top-level member declarations of a structure body."""
	body = rd_strip_comments(body)
	out, depth, cur = [], 0, ""
	for c in body:
		if c == "{":
			depth += 1
		elif c == "}":
			depth -= 1
		if c == ";" and depth == 0:
			out.append(cur.strip())
			cur = ""
		else:
			cur += c
	return [m for m in out if m]

# --- platforms whose DMA is always coherent -----------------------------

# Kconfig symbols of platforms on which every device's DMA is coherent
# with the CPU's caches: sharing a cache line with a mapped field loses
# nothing there.
rd_coherent = {"X86", "X86_32", "X86_64", "S390", "PPC_PSERIES",
	       "PPC_POWERNV", "PPC_BOOK3S_64"}
rd_coherent_dirs = {}

def rd_read_joined(path):
	"""A Makefile or Kconfig with its continued lines joined, or None."""
	try:
		with open(path, errors="replace") as fh:
			return re.sub(r"\\\n", " ", fh.read())
	except OSError:
		return None

def rd_build_symbol(d, obj):
	"""The CONFIG_ symbol d/Makefile builds obj.o under, directly or as a
	part of a composite object, or None."""
	mk = rd_read_joined(os.path.join(d, "Makefile"))
	if mk is None:
		return None
	parts = [obj] + re.findall(r"^([\w-]+)-(?:y|objs)\s*[+:]?=.*\b%s\.o\b" % re.escape(obj), mk, re.M)
	for o in parts:
		m = re.search(r"^obj-\$\(CONFIG_(\w+)\)\s*[+:]?=.*\b%s\.o\b" % re.escape(o), mk, re.M)
		if m:
			return m.group(1)
	return None

def rd_conditions(d, sym):
	"""The conditions of config sym in d's Kconfig files: its "depends
	on" lines and the "if" blocks around it."""
	try:
		names = sorted(os.listdir(d))
	except OSError:
		return []
	for name in names:
		if not name.startswith("Kconfig"):
			continue
		text = rd_read_joined(os.path.join(d, name)) or ""
		ifs, conds, inside = [], None, False
		for line in text.split("\n"):
			m = re.match(r"^(menu)?config\s+(\w+)\s*$", line)
			if m:
				inside = m.group(2) == sym
				if inside:
					conds = list(ifs)
				continue
			m = re.match(r"^if\s+(.*)$", line)
			if m:
				ifs.append(m.group(1).strip())
				inside = False
			elif re.match(r"^endif\b", line):
				ifs = ifs[:-1]
				inside = False
			elif re.match(r"^(menu|endmenu|choice|endchoice|source|comment)\b", line):
				inside = False
			elif inside:
				m = re.match(r"^\s+depends\s+on\s+(.*)$", line)
				if m:
					conds.append(m.group(1).strip())
		if conds is not None:
			return conds
	return []

def rd_split(expr, op):
	"""expr split on op (&& or ||) outside parentheses, each part without
	its outer parentheses."""
	parts, depth, cur, i = [], 0, "", 0
	while i < len(expr):
		c = expr[i]
		depth += (c == "(") - (c == ")")
		if depth == 0 and expr.startswith(op, i):
			parts.append(cur)
			cur, i = "", i + 2
			continue
		cur += c
		i += 1
	parts.append(cur)
	out = []
	for part in parts:
		part = part.strip()
		while part.startswith("(") and part.endswith(")") and rd_balanced(part[1:-1]):
			part = part[1:-1].strip()
		out.append(part)
	return out

def rd_coherent_only(fname):
	"""The condition that confines the file's driver to platforms with
	coherent DMA (depends on PPC_PSERIES; X86 || COMPILE_TEST), from the
	Makefile and the Kconfig of its directory, or None."""
	d = os.path.dirname(fname) or "."
	obj = os.path.splitext(os.path.basename(fname))[0]
	if (d, obj) in rd_coherent_dirs:
		return rd_coherent_dirs[(d, obj)]
	found = None
	sym = rd_build_symbol(d, obj)
	if sym is not None:
		for cond in rd_conditions(d, sym):
			for term in rd_split(cond, "&&"):
				alts = [a for a in rd_split(term, "||") if a != "COMPILE_TEST"]
				if alts and all(a in rd_coherent for a in alts):
					found = term
	rd_coherent_dirs[(d, obj)] = found
	return found

def rd_field(pb, t, e, fld, addr):
	"""A map of E->fld or &E->fld: flags it when fld is an array (or an
	object by value, mapped by its address) that shares the structure
	with other members and is not aligned on a cache line, in a driver
	that a platform with non-coherent DMA can build."""
	key = rd_key(pb)
	if key not in rd_sinks or rd_sinks[key][1] not in rd_from:
		return
	if rd_coherent_only(pb[0].file):
		return
	m = re.match(r"^struct\s+(\w+)\s*\*?$", re.sub(r"\s+", " ", str(t)).strip())
	if not m:
		return
	sname = m.group(1)
	body = rd_struct_body(pb[0].file, sname)
	if body is None:
		return
	mems = rd_members(body)
	decl = None
	for mem in mems:
		if re.search(r"(^|[\s*,])%s\s*(\[[^;]*\])?(\s+\w+(\s*\([^)]*\))?)*\s*$" % re.escape(str(fld)), mem):
			decl = mem
			break
	if decl is None or len(mems) < 2:
		return
	is_array = re.search(r"\b%s\s*\[" % re.escape(str(fld)), decl) is not None
	is_ptr = re.search(r"\*\s*%s\b" % re.escape(str(fld)), decl) is not None
	if is_ptr or (not is_array and not addr):
		return
	if rd_aligned.search(decl) or rd_aligned.search(body) and re.search(r"(aligned|ARCH_DMA_MINALIGN)[^;]*$", decl.split(str(fld))[0]):
		return
	names = []
	for mem in mems:
		n = re.findall(r"(\w+)\s*(?:\[[^\]]*\])?\s*(?::\s*\w+)?$", re.sub(r"\b(__aligned|__attribute__)\s*\(.*", "", mem))
		names.append(n[0] if n else "?")
	i = mems.index(decl)
	near = [n for n in names[max(0, i - 2):i] + names[i + 1:i + 3] if n != str(fld)]
	if not near:
		return
	more = ", ..." if len(set(names)) - 1 > len(near) else ""
	names = near
	rd_flag(pb, "field", ("%s%s" % ("&" if addr else "", rd_expr(e) + "->" + str(fld) if "*" in str(t) else rd_expr(e) + "." + str(fld)),
			      "the %s %s of struct %s is not ____cacheline_aligned and shares cache lines with %s%s: a non-coherent cache's invalidate discards what the CPU writes to them while it is mapped" %
			      ("array" if is_array else "member", fld, sname, ", ".join(names), more)))

def rd_sgbase(e):
	s = rd_strip(e)
	s = re.sub(r"^&\s*", "", s)
	return re.sub(r"\s*\[[^\]]*\]$", "", s)

def rd_sgentry(e):
	"""The constant index of &x[k] (0 for x or &x), or None."""
	s = re.sub(r"^&\s*", "", rd_strip(e))
	m = re.search(r"\[\s*(\d+)\s*\]$", s)
	if m:
		return int(m.group(1))
	return None if s.endswith("]") else 0

def rd_sg_sink(pb, ps, sg, sg2, mapf, d, pm, b):
	"""sg_init_one(sg, b, ...) at ps, then mapf(..., sg2, ...) at pm."""
	if sg2 is not None and rd_sgbase(sg) != rd_sgbase(sg2):
		return
	# &x[1] mapped after sg_init_one(&x[0], ...): another entry (a map of
	# x itself starts at entry 0 and may cover the others).
	if sg2 is not None and rd_sgentry(sg2) not in (None, 0) and \
	   rd_sgentry(sg) is not None and rd_sgentry(sg) != rd_sgentry(sg2):
		return
	key = rd_key(pb)
	if key in rd_sinks:
		return
	rd_bymap[rd_key(ps)] = key
	rd_sink(pb, mapf, d, pm, "sg", b)

# Scatterlists put in a constant slot of an array: (function, name) ->
# slot (sgs[1] = &sg_resp, for virtqueue_add_sgs()).
rd_slots = {}

# Sinks by the position of their map call (sg_init_one() for a
# scatterlist): the key of the buffer.
rd_bymap = {}

def rd_field_at(pm, t, e, fld, b):
	key = rd_bymap.get(rd_key(pm))
	if key is None:
		return
	s = rd_sinks[key]
	rd_field_key(key, t, e, fld, rd_strip(b).startswith("&"))

def rd_field_key(key, t, e, fld, addr):
	class P:
		pass
	p = P()
	p.file, p.line, p.column = key
	rd_field([p], t, e, fld, addr)

@a_function@
identifier fn;
position p;
@@

fn@p(...)
{
...
}

@script:python@
p << a_function.p;
@@

rd_new_file(p)

// ---------------------------------------------------------------------
// The file's names: declarations (local, static, global), parameters, and
// the fields it assigns vmalloc() or kvmalloc() memory to.
// ---------------------------------------------------------------------

@decl@
identifier x;
type T;
position p;
@@

(
 T x@p;
|
 T x@p = ...;
)

@script:python@
x << decl.x;
p << decl.p;
@@

rd_declare(p, x, "")

// The kind of each declaration, one rule each: spatch cannot print some
// types (function pointers in a header fail with "parenType"), so none is
// given to Python.
@decl_arr@
identifier x;
type T;
position p;
@@

(
 T x@p[...];
|
 T x@p[...] = ...;
)

@script:python@
x << decl_arr.x;
p << decl_arr.p;
@@

rd_declare(p, x, "[")

@decl_ptr@
identifier x;
type T;
position p;
@@

(
 T *x@p;
|
 T *x@p = ...;
)

@script:python@
x << decl_ptr.x;
p << decl_ptr.p;
@@

rd_declare(p, x, "*")

@decl_const@
identifier x;
type T;
position p;
@@

(
 const T x@p;
|
 const T x@p = ...;
|
 const T x@p[...];
|
 const T x@p[...] = ...;
)

@script:python@
x << decl_const.x;
p << decl_const.p;
@@

rd_declare(p, x, "const")

@sdecl@
identifier x;
type T;
position p;
@@

(
 static T x@p;
|
 static T x@p = ...;
)

@script:python@
x << sdecl.x;
p << sdecl.p;
@@

fn = rd_fn(p)
rd_statics.add((None if fn == str(x) else fn, str(x)))

@param@
identifier fn, x;
type T;
position p;
@@

fn(..., T x@p, ...) { ... }

@script:python@
x << param.x;
p << param.p;
@@

rd_params.setdefault((rd_fn(p), str(x)), "")

@param_ptr@
identifier fn, x;
type T;
position p;
@@

fn(..., T *x@p, ...) { ... }

@script:python@
x << param_ptr.x;
p << param_ptr.p;
@@

rd_params[(rd_fn(p), str(x))] = "*"

@vfield@
identifier af : script:python () { rd_alloc_kind(af) is not None };
expression E;
identifier fld;
position p;
@@

(
 E->fld = af@p(...)
|
 E.fld = af@p(...)
)

@script:python@
af << vfield.af;
fld << vfield.fld;
p << vfield.p;
@@

if str(fld) not in rd_vfields or rd_vfields[str(fld)][0] == "kvmalloc":
	rd_vfields[str(fld)] = (rd_alloc_kind(af), rd_line(p))

@ofield@
identifier fld : script:python () { str(fld) in rd_vfields };
expression E;
expression E2 : script:python () { not rd_is_alloc(E2) };
@@

(
 E->fld = E2
|
 E.fld = E2
)

@script:python@
fld << ofield.fld;
E2 << ofield.E2;
@@

if rd_strip(E2) not in ("NULL", "0"):
	rd_ofields.add(str(fld))

// ---------------------------------------------------------------------
// The buffers handed to the DMA API.
// ---------------------------------------------------------------------

@s_single@
identifier mapf = {dma_map_single, dma_map_single_attrs};
expression D, B, L, DIR;
position p, pb;
@@

mapf@p(D, B@pb, L, DIR, ...)

@script:python@
mapf << s_single.mapf;
B << s_single.B;
DIR << s_single.DIR;
p << s_single.p;
pb << s_single.pb;
@@

rd_bymap[rd_key(p)] = rd_key(pb)
rd_sink(pb, mapf, rd_expr(DIR), p, None, B)

@s_page@
identifier mapf = {dma_map_page, dma_map_page_attrs};
identifier v2p = {virt_to_page, vmalloc_to_page, virt_to_head_page};
expression D, B, O, L, DIR;
position p, pb;
@@

mapf@p(D, v2p(B@pb), O, L, DIR, ...)

@script:python@
mapf << s_page.mapf;
v2p << s_page.v2p;
B << s_page.B;
DIR << s_page.DIR;
p << s_page.p;
pb << s_page.pb;
@@

rd_bymap[rd_key(p)] = rd_key(pb)
rd_sink(pb, mapf, rd_expr(DIR), p, str(v2p), B)

@s_sg exists@
identifier sgf = {sg_init_one, sg_set_buf};
identifier mapf = {dma_map_sg, dma_map_sg_attrs};
expression SG, B, L, D, SG2, N, DIR;
position ps, p, pb;
@@

sgf@ps(SG, B@pb, L)
...
mapf@p(D, SG2, N, DIR, ...)

@script:python@
mapf << s_sg.mapf;
SG << s_sg.SG;
SG2 << s_sg.SG2;
B << s_sg.B;
DIR << s_sg.DIR;
ps << s_sg.ps;
p << s_sg.p;
pb << s_sg.pb;
@@

rd_sg_sink(pb, ps, SG, SG2, mapf, rd_expr(DIR), p, B)

@s_sgt exists@
identifier sgf = {sg_init_one, sg_set_buf};
expression SG, B, L, D, SGT, DIR, A;
position ps, p, pb;
@@

sgf@ps(SG, B@pb, L)
...
dma_map_sgtable@p(D, SGT, DIR, A)

@script:python@
B << s_sgt.B;
DIR << s_sgt.DIR;
ps << s_sgt.ps;
p << s_sgt.p;
pb << s_sgt.pb;
SG << s_sgt.SG;
@@

rd_sg_sink(pb, ps, SG, None, "dma_map_sgtable", rd_expr(DIR), p, B)

@s_vq exists@
identifier sgf = {sg_init_one, sg_set_buf};
identifier vqf = {virtqueue_add_inbuf, virtqueue_add_inbuf_ctx,
		  virtqueue_add_outbuf};
expression SG, B, L, VQ, SG2;
position ps, p, pb;
@@

sgf@ps(SG, B@pb, L)
...
vqf@p(VQ, SG2, ...)

@script:python@
vqf << s_vq.vqf;
SG << s_vq.SG;
SG2 << s_vq.SG2;
B << s_vq.B;
ps << s_vq.ps;
p << s_vq.p;
pb << s_vq.pb;
@@

rd_sg_sink(pb, ps, SG, SG2, vqf, "DMA_TO_DEVICE" if str(vqf) == "virtqueue_add_outbuf" else "DMA_FROM_DEVICE", p, B)

@vq_slot@
expression A, K, S;
position p;
@@

A[K]@p = S

@script:python@
K << vq_slot.K;
S << vq_slot.S;
p << vq_slot.p;
@@

try:
	rd_slots[(rd_fn(p), rd_sgbase(S))] = int(rd_expr(K), 0)
except ValueError:
	pass

@s_vqs exists@
identifier sgf = {sg_init_one, sg_set_buf};
expression SG, B, L, VQ, SGS, OUT, IN;
position ps, p, pb;
@@

sgf@ps(SG, B@pb, L)
...
virtqueue_add_sgs@p(VQ, SGS, OUT, IN, ...)

@script:python@
B << s_vqs.B;
ps << s_vqs.ps;
p << s_vqs.p;
pb << s_vqs.pb;
SG << s_vqs.SG;
OUT << s_vqs.OUT;
@@

# The direction, when the scatterlist is put in a constant slot of the
# array and the number of "out" lists is a constant.
d = None
slot = rd_slots.get((rd_fn(ps), rd_sgbase(SG)))
try:
	if slot is not None:
		d = "DMA_FROM_DEVICE" if slot >= int(rd_expr(OUT), 0) else "DMA_TO_DEVICE"
except ValueError:
	pass
rd_sg_sink(pb, ps, SG, None, "virtqueue_add_sgs", d, p, B)

// ---------------------------------------------------------------------
// A pointer assigned an allocation or an address, then mapped.
// ---------------------------------------------------------------------

@flow_x exists@
expression y : script:python () { rd_dst(y) };
expression E2, B;
expression E : script:python () { rd_src(E) };
position pa;
position pb : script:python () { rd_key(pb) in rd_sinks };
@@

y@pa = E
... when != y = E2
B@pb

@script:python@
y << flow_x.y;
E << flow_x.E;
B << flow_x.B;
pa << flow_x.pa;
pb << flow_x.pb;
@@

rd_flow(pa, y, E, pb, B)

@flow_y exists@
identifier y : script:python () { rd_dst(y) };
type T;
expression E2, B;
expression E : script:python () { rd_src(E) };
position pa;
position pb : script:python () { rd_key(pb) in rd_sinks };
@@

T y@pa = E;
... when != y = E2
B@pb

@script:python@
y << flow_y.y;
E << flow_y.E;
B << flow_y.B;
pa << flow_y.pa;
pb << flow_y.pb;
@@

rd_flow(pa, y, E, pb, B)

// ---------------------------------------------------------------------
// A field of a structure, mapped for the device to write.
// ---------------------------------------------------------------------

@f_single@
identifier mapf = {dma_map_single, dma_map_single_attrs};
expression D, B;
position p : script:python () { rd_key(p) in rd_bymap };
@@

mapf@p(D, B, ...)

@f_single2@
identifier f_single.mapf;
type T, T2;
T E;
identifier fld;
expression D;
position f_single.p;
@@

mapf@p(D, \(&E->fld\|(T2)&E->fld\|E->fld\|(T2)E->fld\|&E.fld\|(T2)&E.fld\|E.fld\|(T2)E.fld\), ...)

@script:python@
T << f_single2.T;
E << f_single2.E;
fld << f_single2.fld;
p << f_single.p;
B << f_single.B;
@@

rd_field_at(p, T, E, fld, B)

@f_page@
identifier mapf = {dma_map_page, dma_map_page_attrs};
identifier v2p = {virt_to_page, virt_to_head_page};
expression D, B;
position p : script:python () { rd_key(p) in rd_bymap };
@@

mapf@p(D, v2p(B), ...)

@f_page2@
identifier f_page.mapf, f_page.v2p;
type T, T2;
T E;
identifier fld;
expression D;
position f_page.p;
@@

mapf@p(D, v2p(\(&E->fld\|(T2)&E->fld\|E->fld\|(T2)E->fld\|&E.fld\|(T2)&E.fld\|E.fld\|(T2)E.fld\)), ...)

@script:python@
T << f_page2.T;
E << f_page2.E;
fld << f_page2.fld;
p << f_page.p;
B << f_page.B;
@@

rd_field_at(p, T, E, fld, B)

@f_sg@
identifier sgf = {sg_init_one, sg_set_buf};
expression SG, B, L;
position p : script:python () { rd_key(p) in rd_bymap };
@@

sgf@p(SG, B, L)

@f_sg2@
identifier f_sg.sgf;
type T, T2;
T E;
identifier fld;
expression SG, L;
position f_sg.p;
@@

sgf@p(SG, \(&E->fld\|(T2)&E->fld\|E->fld\|(T2)E->fld\|&E.fld\|(T2)&E.fld\|E.fld\|(T2)E.fld\), L)

@script:python@
T << f_sg2.T;
E << f_sg2.E;
fld << f_sg2.fld;
p << f_sg.p;
B << f_sg.B;
@@

rd_field_at(p, T, E, fld, B)

// ---------------------------------------------------------------------
// Reports: one per buffer.
// ---------------------------------------------------------------------

@flagged@
expression B;
position pb : script:python () { rd_key(pb) in rd_flagged };
@@

B@pb

@depends on context@
expression flagged.B;
position flagged.pb;
@@

* B@pb

@script:python depends on report@
pb << flagged.pb;
@@

if rd_key(pb) not in rd_done:
	rd_done.add(rd_key(pb))
	level, msg, pm = rd_flagged[rd_key(pb)]
	coccilib.report.print_report(pb[0], level + ": " + msg)

@script:python depends on org@
pb << flagged.pb;
@@

if rd_key(pb) not in rd_done:
	rd_done.add(rd_key(pb))
	level, msg, pm = rd_flagged[rd_key(pb)]
	cocci.print_main(level + ": " + msg, pb)
	cocci.print_secs("mapped here", pm)
