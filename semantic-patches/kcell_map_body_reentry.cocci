// SPDX-License-Identifier: GPL-2.0
/// Find a cell touched inside its own scoped borrow:
///  - in take_cell_map(c, p) { ... }: take_cell_take(c), take_cell_put(c, x),
///    take_cell_replace(c, x), take_cell_init(c, x), take_cell_take_locked(),
///    take_cell_put_locked() or a nested take_cell_map(c, q) on the same c;
///  - in map_cell_map(c, v) { ... }: map_cell_put(c, x), map_cell_take(c, x),
///    map_cell_replace(c, x, old), map_cell_init*() or a nested
///    map_cell_map(c, w) on the same c.
/// While the body runs the cell is lent to it: a take finds it empty (or
/// the borrow marker, in debug mode), a put refills it so that the pointer
/// put back at the end of the body is refused and reported, a MapCell
/// operation is refused, and a nested map skips its body.  Use the body's
/// own pointer or value instead, and take_cell_keep(p) to keep a
/// TakeCell's pointer.
//# "Same cell" means the same expression: an alias of the cell (another
//# pointer to the structure that holds it), or a callee that touches the
//# cell, is not seen.
///
// Confidence: High
// Copyright: (C) 2025 The kcell authors.
// Comments: use with --macro-file semantic-patches/kcell.macros
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@take_op exists@
iterator name take_cell_map;
expression c;
identifier p;
identifier f = {take_cell_take, take_cell_put, take_cell_replace,
		take_cell_init, take_cell_take_locked, take_cell_put_locked};
position pos;
@@

take_cell_map(c, p) {
... when any
f@pos(c, ...)
... when any
}

@take_map exists@
iterator name take_cell_map;
expression c;
identifier p, q;
position pos;
statement S;
@@

take_cell_map(c, p) {
... when any
take_cell_map@pos(c, q) S
... when any
}

@map_op exists@
iterator name map_cell_map;
expression c;
identifier v;
identifier f = {map_cell_take, map_cell_put, map_cell_replace, map_cell_init,
		map_cell_init_val};
position pos;
@@

map_cell_map(c, v) {
... when any
f@pos(c, ...)
... when any
}

@map_map exists@
iterator name map_cell_map;
expression c;
identifier v, w;
position pos;
statement S;
@@

map_cell_map(c, v) {
... when any
map_cell_map@pos(c, w) S
... when any
}

@depends on context@
identifier f;
position pos = {take_op.pos, map_op.pos};
@@

* f@pos(...)

@depends on context@
iterator name take_cell_map, map_cell_map;
expression c;
identifier q;
position pos = {take_map.pos, map_map.pos};
statement S;
@@

(
* take_cell_map@pos(c, q) S
|
* map_cell_map@pos(c, q) S
)

@initialize:python@
@@

import re

def kc_expr(e):
	"""An expression as spatch prints it, with the spaces it adds removed."""
	s = re.sub(r"\s*(->|\.|\[|\]|\))\s*", r"\1", str(e))
	s = re.sub(r"([(\[&*!~])\s+", r"\1", s)
	return re.sub(r"(\w)\s+\(", r"\1(", s)

def kc_report(org, pos, f, c, body):
	if org:
		cocci.print_main("%s() inside the %s body of the same cell" % (f, body), pos)
	else:
		coccilib.report.print_report(pos[0],
			"ERROR: %s(%s) inside the %s body that borrows this cell; use the borrowed pointer instead" % (f, kc_expr(c), body))

@script:python depends on org@
pos << take_op.pos;
f << take_op.f;
c << take_op.c;
@@

kc_report(True, pos, f, c, "take_cell_map()")

@script:python depends on report@
pos << take_op.pos;
f << take_op.f;
c << take_op.c;
@@

kc_report(False, pos, f, c, "take_cell_map()")

@script:python depends on org@
pos << take_map.pos;
c << take_map.c;
@@

kc_report(True, pos, "take_cell_map", c, "take_cell_map()")

@script:python depends on report@
pos << take_map.pos;
c << take_map.c;
@@

kc_report(False, pos, "take_cell_map", c, "take_cell_map()")

@script:python depends on org@
pos << map_op.pos;
f << map_op.f;
c << map_op.c;
@@

kc_report(True, pos, f, c, "map_cell_map()")

@script:python depends on report@
pos << map_op.pos;
f << map_op.f;
c << map_op.c;
@@

kc_report(False, pos, f, c, "map_cell_map()")

@script:python depends on org@
pos << map_map.pos;
c << map_map.c;
@@

kc_report(True, pos, "map_cell_map", c, "map_cell_map()")
@script:python depends on report@
pos << map_map.pos;
c << map_map.c;
@@

kc_report(False, pos, "map_cell_map", c, "map_cell_map()")
