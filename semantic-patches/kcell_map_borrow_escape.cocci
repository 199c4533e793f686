// SPDX-License-Identifier: GPL-2.0
/// Find a MapCell borrow that escapes its map_cell_map(c, v) { ... } body
/// (or a TakeCell's, take_cell_map(c, v) { ... }).
/// v points into the cell only while the body runs: afterwards the cell is
/// full again and any other CPU may take, replace or map the value, so a
/// pointer kept from the body is a dangling, unsynchronised alias.  Reported
/// inside the body:
///  - v, a cast of it, &v->field or &v->array[i] stored into a field
///    (e->f = v), through a pointer (*e = v, e[i] = v), into a variable
///    declared outside the body (a global, a static, or a local of the
///    enclosing function), or handed to list_add*(), WRITE_ONCE(),
///    rcu_assign_pointer(), take_cell_put() or optional_cell_set() (and
///    their relatives);
///  - v->field stored into a pointer-typed field or outer variable (a
///    pointer held inside the value, or an array of it, shared with the
///    world outside the borrow);
///  - return v, return &v->field, and return v->field from a function
///    that returns a pointer;
///  - v, or a cast of it, passed to a function of the same file that
///    stores that parameter in a field, through a pointer, or with one of
///    the functions above (a one-level summary of the file's functions),
///    from a map_cell_map() or a take_cell_map() body.
/// Copy the value out instead (*out = *v, x = v->count, memcpy()), or
/// take it out of the cell with map_cell_take().
//# v->field stored into a destination whose type spatch cannot see (a
//# field of a structure defined in a header, with --no-includes) is not
//# reported.  A borrow copied to a variable declared in the body and only
//# then stored outside is not followed.  Passing v to a function defined in
//# another file, or to one that only hands it on to a third function that
//# stores it, is not reported: a callee that only reads through it is
//# fine.
///
// Confidence: Moderate
// Copyright: (C) 2025 The kcell authors.
// Comments: use with --macro-file semantic-patches/kcell.macros
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@

kc_file = None

def kc_new_file(p):
	global kc_file
	if p[0].file != kc_file:
		kc_file = p[0].file
		kc_stores.clear()

# The file's functions that store a pointer parameter where it outlives
# the call: name -> the indexes of those parameters.
kc_stores = {}

// Variables declared in the body: assigning the borrow to them is fine.

@bodyinit exists@
iterator name map_cell_map, take_cell_map;
expression c, E;
identifier v, x;
type T;
position p;
@@

(
map_cell_map(c, v) {
... when any
T x@p = E;
... when any
}
|
take_cell_map(c, v) {
... when any
T x@p = E;
... when any
}
)

@bodydecl exists@
iterator name map_cell_map, take_cell_map;
expression c, E;
identifier v, x;
type T;
position p;
@@

(
map_cell_map(c, v) {
... when any
T x;
... when any
x@p = E
... when any
}
|
take_cell_map(c, v) {
... when any
T x;
... when any
x@p = E
... when any
}
)

// The borrow itself, or the address of a part of it, stored outside.

@esc exists@
iterator name map_cell_map, take_cell_map;
expression c, e, E, E1;
identifier v, f;
identifier storefn = {list_add, list_add_tail, list_add_rcu, list_add_tail_rcu,
		      hlist_add_head, hlist_add_head_rcu, list_move, list_move_tail};
identifier setfn = {WRITE_ONCE, rcu_assign_pointer, smp_store_release, xchg,
		    take_cell_put, take_cell_replace, take_cell_init,
		    optional_cell_set};
type T;
position p != {bodyinit.p, bodydecl.p};
@@

(
map_cell_map(c, v) {
... when any
(
 e@p = \(v\|(T)v\|&v->f\|(T)&v->f\|&v->f[E]\|(T)&v->f[E]\)
|
 storefn@p(&v->f, ...)
|
 setfn@p(E1, \(v\|(T)v\|&v->f\|(T)&v->f\|&v->f[E]\))
)
... when any
}
|
take_cell_map(c, v) {
... when any
(
 e@p = \(v\|(T)v\|&v->f\|(T)&v->f\|&v->f[E]\|(T)&v->f[E]\)
|
 storefn@p(&v->f, ...)
|
 setfn@p(E1, \(v\|(T)v\|&v->f\|(T)&v->f\|&v->f[E]\))
)
... when any
}
)

@esc_retv exists@
iterator name map_cell_map;
expression c, E;
identifier v, f;
type T;
position p;
@@

map_cell_map(c, v) {
... when any
return@p \(v\|(T)v\|&v->f\|(T)&v->f\|&v->f[E]\|(T)&v->f[E]\);
... when any
}

// A pointer (or array) held inside the value, stored outside.

@esc_ptr exists@
iterator name map_cell_map;
expression c;
expression *e;
identifier v, f;
position p != {bodyinit.p, bodydecl.p};
@@

map_cell_map(c, v) {
... when any
e@p = v->f
... when any
}

@esc_ret exists@
iterator name map_cell_map;
expression c;
identifier fn, v, f;
type T, T2;
position p;
@@

T *fn(...)
{
... when any
map_cell_map(c, v) {
... when any
return@p \(v->f\|(T2)v->f\);
... when any
}
... when any
}

// spatch runs the rules file by file in one Python: every summary below
// is the current file's only.

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

kc_new_file(p)

// A function of this file that stores one of its pointer parameters
// where it outlives the call (through a pointer: a field of a structure
// it was given, *out, a field or element of a global; or with one of the
// functions above) on some path, and a borrow passed to it.  A store into
// the function's own variables (a local structure, a local array) is not
// one; a parameter reassigned first (cfg = kmemdup(cfg, ...)) no longer
// holds the borrow.

@lstore@
local idexpression lv;
identifier f;
expression E1, E2;
position p;
@@

\(lv.f@p = E2\|lv[E1]@p = E2\)

@stores exists@
identifier fn, prm, f;
identifier storefn = {list_add, list_add_tail, list_add_rcu, list_add_tail_rcu,
		      hlist_add_head, hlist_add_head_rcu, list_move, list_move_tail};
identifier setfn = {WRITE_ONCE, rcu_assign_pointer, smp_store_release, xchg,
		    take_cell_put, take_cell_replace, take_cell_init,
		    optional_cell_set};
expression e, E1;
parameter list[n] ps;
type T, T2;
position p != lstore.p;
@@

fn(ps, T *prm, ...)
{
... when != prm = E1
(
 e->f = \(prm\|(T2)prm\)
|
 e.f@p = \(prm\|(T2)prm\)
|
 e[E1]@p = \(prm\|(T2)prm\)
|
 *e = \(prm\|(T2)prm\)
|
 storefn(&prm->f, ...)
|
 setfn(E1, \(prm\|(T2)prm\))
)
... when any
}

@script:python@
fn << stores.fn;
n << stores.n;
@@

kc_stores.setdefault(str(fn), set()).add(int(n))

@esc_call exists@
iterator name map_cell_map, take_cell_map;
expression c;
identifier v;
identifier fn : script:python () { str(fn) in kc_stores };
expression list[n] es;
type T;
position p;
@@

(
map_cell_map(c, v) {
... when any
fn@p(es, \(v\|(T)v\), ...)
... when any
}
|
take_cell_map(c, v) {
... when any
fn@p(es, \(v\|(T)v\), ...)
... when any
}
)

// Only the calls that pass the borrow where the callee stores it.
@script:python stored@
fn << esc_call.fn;
n << esc_call.n;
@@

if int(n) not in kc_stores[str(fn)]:
	cocci.include_match(False)

@depends on context && stored@
position esc_call.p;
identifier fn;
@@

* fn@p(...)

@script:python depends on org@
p << esc_call.p;
@@

cocci.print_main("borrow passed to a function that stores it", p)

@script:python depends on report@
p << esc_call.p;
v << esc_call.v;
fn << esc_call.fn;
n << esc_call.n;
@@

coccilib.report.print_report(p[0],
	"ERROR: %s, borrowed in its cell's map body, is passed to %s(), which stores its parameter %d where it outlives the body; copy the value out instead" % (v, fn, int(n) + 1))

@depends on context@
position p = {esc.p, esc_ptr.p};
expression e, E;
identifier fn;
@@

(
* e@p = E
|
* fn@p(...)
)

@depends on context@
position p = {esc_retv.p, esc_ret.p};
@@

* return@p ...;

@script:python depends on org@
p << esc.p;
@@

cocci.print_main("MapCell borrow escapes its map_cell_map() body", p)

@script:python depends on org@
p << esc_retv.p;
@@

cocci.print_main("MapCell borrow returned from its map_cell_map() body", p)

@script:python depends on org@
p << esc_ptr.p;
@@

cocci.print_main("pointer inside a MapCell value escapes its map_cell_map() body", p)

@script:python depends on org@
p << esc_ret.p;
@@

cocci.print_main("pointer inside a MapCell value returned from its map_cell_map() body", p)

@script:python depends on report@
p << esc.p;
v << esc.v;
@@

coccilib.report.print_report(p[0],
	"ERROR: pointer into %s, the value borrowed in its cell's map body, escapes the body; copy the value out instead" % v)

@script:python depends on report@
p << esc_retv.p;
v << esc_retv.v;
@@

coccilib.report.print_report(p[0],
	"ERROR: pointer into the borrowed MapCell value %s is returned from its map_cell_map() body; return a copy instead" % v)

@script:python depends on report@
p << esc_ptr.p;
v << esc_ptr.v;
f << esc_ptr.f;
@@

coccilib.report.print_report(p[0],
	"ERROR: %s->%s, a pointer held inside the borrowed MapCell value, escapes its map_cell_map() body" % (v, f))

@script:python depends on report@
p << esc_ret.p;
v << esc_ret.v;
f << esc_ret.f;
@@

coccilib.report.print_report(p[0],
	"ERROR: %s->%s, a pointer held inside the borrowed MapCell value, is returned from its map_cell_map() body" % (v, f))
