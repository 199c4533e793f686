// SPDX-License-Identifier: GPL-2.0
/// Find a streaming DMA mapping whose result is used, but never tested with
/// dma_mapping_error(), on some path: the address returned by
/// dma_map_single(), dma_map_page(), skb_frag_dma_map(), dma_map_resource()
/// (or their _attrs forms) that
///  - is used at once, as an argument or an operand (written to a
///    descriptor or a register, passed on), without being kept anywhere;
///  - is kept in a structure, a global or through a pointer, and the
///    function returns on some path without testing it;
///  - is kept in a local variable that is used (written to a descriptor,
///    passed to a function, stored, compared) on a path that then reaches
///    the end of the function without testing it.
/// A mapping can fail (an IOMMU or a bounce buffer pool out of space, a
/// buffer the device cannot reach): the address is then DMA_MAPPING_ERROR,
/// and a device given it writes or reads wherever that points; with
/// CONFIG_DMA_API_DEBUG the unmap also warns "device driver failed to check
/// map error".  Test the result with dma_mapping_error() before the device
/// sees it, and give up (or drop the packet) when it fails.
//# What counts as the test: dma_mapping_error() on the same expression (or
//# on an expression containing it), a comparison with DMA_MAPPING_ERROR, a
//# call of a function of the same file that calls dma_mapping_error() on
//# one of its parameters, or of any function whose name says it checks a
//# mapping (it matches dma...err, map...err, dma...check, map...check, as
//# enic_dma_map_check() of a header does).  The tested expression is
//# compared spaces and parentheses aside, also through a cast of the
//# result (x = (u64)dma_map_page(...)); in a chained assignment
//# (a = b = dma_map_single(...)) a test of either name counts; a test of
//# a copy (y = x; then dma_mapping_error(dev, y)) is not seen.  A use
//# followed on every path by the test (a descriptor written, then the test
//# abandons it) is not reported: the device has not been given the
//# address yet.  A use in the same condition after the test
//# (dma_mapping_error(d, x) || x + len > M) is guarded by it.  A function
//# of the file that returns a mapping it has not tested is a wrapper: its
//# callers are checked as if they called the DMA API, and its return is
//# not a use (its other uses are).  Paths are followed without looking at
//# values; a path through an endless loop (for (;;), while (1)) is not
//# followed, since such a loop is left only through its body.  A map whose
//# result is stored through an expression with a side effect
//# (*++addr = ...) is not followed.  spatch reads every branch of an #if:
//# a map in a branch the driver's own #define leaves out is reported too.
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

import re

rd_file = None
# Functions of the current file that return an unchecked mapping
# (wrappers), and that call dma_mapping_error() on a parameter (checkers).
rd_wrappers = set()
rd_checkers = set()
# Maps already reported (file, line, column): one report per map.
rd_done = set()
rd_mapfns = {"dma_map_single", "dma_map_page", "skb_frag_dma_map",
	     "dma_map_resource", "dma_map_single_attrs", "dma_map_page_attrs"}
rd_checkname = re.compile(r"(dma|map).*(err|check)", re.I)

def rd_new_file(p):
	global rd_file
	if p[0].file != rd_file:
		rd_file = p[0].file
		rd_wrappers.clear()
		rd_checkers.clear()
		rd_alias.clear()

def rd_is_map(f):
	return str(f) in rd_mapfns or str(f) in rd_wrappers

def rd_is_checker(f):
	f = str(f)
	return f in rd_checkers or (f != "dma_mapping_error" and
				    rd_checkname.search(f) is not None)

# Other names of a map's result, by the map's position: the outer
# left-hand sides of a chained assignment (a = b = dma_map_single(...)).
rd_alias = {}

def rd_key(p):
	return (p[0].file, p[0].line, p[0].column)

def rd_norm(e):
	return re.sub(r"[\s()]", "", str(e))

def rd_mentions(e, x, p=None):
	"""e mentions x (or another name of the map at p), spaces and
	parentheses aside."""
	e = rd_norm(e)
	names = [rd_norm(x)]
	if p is not None:
		names += rd_alias.get(rd_key(p), [])
	return any(n in e for n in names)

def rd_expr(e):
	"""An expression as spatch prints it, with the spaces it adds removed."""
	s = re.sub(r"\s*(->|\.|\[|\]|\))\s*", r"\1", str(e))
	s = re.sub(r"([(\[&*!~])\s+", r"\1", s)
	return re.sub(r"(\w)\s+\(", r"\1(", s)

def rd_report(org, p, msg, p2=None, what=None):
	key = rd_key(p)
	if key in rd_done:
		return
	rd_done.add(key)
	if org:
		cocci.print_main(msg, p)
		if p2 is not None:
			cocci.print_secs(what, p2)
	else:
		coccilib.report.print_report(p[0], "ERROR: " + msg)

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
// The file's wrappers (they return a mapping they have not tested: their
// callers are checked as if they called the DMA API) and checkers (they
// call dma_mapping_error() on a parameter: passing a mapping to one tests
// it).  spatch runs the rules file by file in one Python: these sets are
// the current file's only.
// ---------------------------------------------------------------------

@wrap_direct@
identifier fn;
identifier mapf = {dma_map_single, dma_map_page, skb_frag_dma_map,
		   dma_map_resource, dma_map_single_attrs, dma_map_page_attrs};
@@

fn(...) { <+... return mapf(...); ...+> }

@script:python@
fn << wrap_direct.fn;
@@

rd_wrappers.add(str(fn))

@wrap_local exists@
identifier fn;
identifier mapf = {dma_map_single, dma_map_page, skb_frag_dma_map,
		   dma_map_resource, dma_map_single_attrs, dma_map_page_attrs};
local idexpression x;
expression E;
@@

fn(...) {
 ... when any
 x = mapf(...);
 ... when != dma_mapping_error(..., x)
     when != x = E
 return x;
}

@script:python@
fn << wrap_local.fn;
@@

rd_wrappers.add(str(fn))

@wrap_decl exists@
identifier fn, y;
identifier mapf = {dma_map_single, dma_map_page, skb_frag_dma_map,
		   dma_map_resource, dma_map_single_attrs, dma_map_page_attrs};
expression E;
type T;
@@

fn(...) {
 ... when any
 T y = mapf(...);
 ... when != dma_mapping_error(..., y)
     when != y = E
 return y;
}

@script:python@
fn << wrap_decl.fn;
@@

rd_wrappers.add(str(fn))

@chkfn@
identifier fn, a;
type T;
@@

fn(..., T a, ...) { <+... dma_mapping_error(..., <+... a ...+>) ...+> }

@script:python@
fn << chkfn.fn;
@@

rd_checkers.add(str(fn))

// ---------------------------------------------------------------------
// The maps, by where their result goes: a local variable, anywhere else
// (kept), nowhere (used at once), the caller (a wrapper's return).
// ---------------------------------------------------------------------

@map_l@
identifier mapf : script:python () { rd_is_map(mapf) };
local idexpression x;
type T2;
position p;
@@

x = \(mapf@p(...)\|(T2)mapf@p(...)\)

@map_y@
identifier mapf : script:python () { rd_is_map(mapf) };
identifier y;
type T, T2;
position p;
@@

T y = \(mapf@p(...)\|(T2)mapf@p(...)\);

@map_sidefx@
identifier mapf : script:python () { rd_is_map(mapf) };
expression E, I;
position p;
@@

(
 *++E = mapf@p(...)
|
 *E++ = mapf@p(...)
|
 E[I++] = mapf@p(...)
|
 E[++I] = mapf@p(...)
)

@map_k@
identifier mapf : script:python () { rd_is_map(mapf) };
expression x;
type T2;
position p != {map_l.p, map_sidefx.p};
@@

x = \(mapf@p(...)\|(T2)mapf@p(...)\)

@chain@
identifier mapf : script:python () { rd_is_map(mapf) };
expression a, b;
type T2;
position p;
@@

a = b = \(mapf@p(...)\|(T2)mapf@p(...)\)

@script:python@
a << chain.a;
p << chain.p;
@@

rd_alias.setdefault(rd_key(p), []).append(rd_norm(a))

@ret_map@
identifier mapf : script:python () { rd_is_map(mapf) };
type T2;
position p;
@@

return \(mapf@p(...)\|(T2)mapf@p(...)\);

@at_once@
identifier mapf : script:python () { rd_is_map(mapf) };
position p != {map_l.p, map_y.p, map_sidefx.p, map_k.p, ret_map.p};
@@

mapf@p(...)

// ---------------------------------------------------------------------
// Where a mention of the local variable is not a use of its value: the
// argument of a test, the left of an assignment, sizeof, an operand
// guarded by a test in the same condition, a return (a wrapper's).
// ---------------------------------------------------------------------

@notuse_l@
local idexpression map_l.x;
expression E, D;
identifier fn : script:python () { rd_is_checker(fn) };
position pn;
@@

(
 dma_mapping_error(D, <+... x@pn ...+>)
|
 fn(..., <+... x@pn ...+>, ...)
|
 x@pn = E
|
 sizeof(<+... x@pn ...+>)
|
 x@pn == DMA_MAPPING_ERROR
|
 x@pn != DMA_MAPPING_ERROR
)

@ret_l@
local idexpression map_l.x;
position pn;
@@

return x@pn;

@guard_l@
local idexpression map_l.x;
expression D;
position pn;
@@

 \( dma_mapping_error(D, x) \| unlikely(dma_mapping_error(D, x)) \) || <+... x@pn ...+>

@guard2_l@
local idexpression map_l.x;
expression D;
position pn;
@@

 \( !dma_mapping_error(D, x) \| likely(!dma_mapping_error(D, x)) \| !unlikely(dma_mapping_error(D, x)) \) && <+... x@pn ...+>

@notuse_y@
identifier map_y.y;
expression E, D;
identifier fn : script:python () { rd_is_checker(fn) };
position pn;
@@

(
 dma_mapping_error(D, <+... y@pn ...+>)
|
 fn(..., <+... y@pn ...+>, ...)
|
 y@pn = E
|
 sizeof(<+... y@pn ...+>)
|
 y@pn == DMA_MAPPING_ERROR
|
 y@pn != DMA_MAPPING_ERROR
)

@ret_y@
identifier map_y.y;
position pn;
@@

return y@pn;

@guard_y@
identifier map_y.y;
expression D;
position pn;
@@

 \( dma_mapping_error(D, y) \| unlikely(dma_mapping_error(D, y)) \) || <+... y@pn ...+>

@guard2_y@
identifier map_y.y;
expression D;
position pn;
@@

 \( !dma_mapping_error(D, y) \| likely(!dma_mapping_error(D, y)) \| !unlikely(dma_mapping_error(D, y)) \) && <+... y@pn ...+>

// ---------------------------------------------------------------------
// A path from the map through a use to the end of the function, with no
// test on it.
// ---------------------------------------------------------------------

@use_l exists@
identifier map_l.mapf;
local idexpression map_l.x;
position map_l.p, pm, p2 != {notuse_l.pn, ret_l.pn, guard_l.pn, guard2_l.pn};
expression E, D;
expression C : script:python (x, p) { rd_mentions(C, x, p) };
identifier cfn : script:python () { rd_is_checker(cfn) };
statement S;
symbol true;
@@

mapf@p@pm(...)
... when != dma_mapping_error(D, C)
    when != cfn(..., C, ...)
    when != x == DMA_MAPPING_ERROR
    when != x != DMA_MAPPING_ERROR
    when != x = E
    when != for (...;;...) S
    when != while (1) S
    when != while (true) S
x@p2
... when any
    when != dma_mapping_error(D, C)
    when != cfn(..., C, ...)
    when != x == DMA_MAPPING_ERROR
    when != x != DMA_MAPPING_ERROR
    when != for (...;;...) S
    when != while (1) S
    when != while (true) S

@use_y exists@
identifier map_y.mapf, map_y.y;
position map_y.p, pm, p2 != {notuse_y.pn, ret_y.pn, guard_y.pn, guard2_y.pn};
expression E, D;
expression C : script:python (y, p) { rd_mentions(C, y, p) };
identifier cfn : script:python () { rd_is_checker(cfn) };
statement S;
symbol true;
@@

mapf@p@pm(...)
... when != dma_mapping_error(D, C)
    when != cfn(..., C, ...)
    when != y == DMA_MAPPING_ERROR
    when != y != DMA_MAPPING_ERROR
    when != y = E
    when != for (...;;...) S
    when != while (1) S
    when != while (true) S
y@p2
... when any
    when != dma_mapping_error(D, C)
    when != cfn(..., C, ...)
    when != y == DMA_MAPPING_ERROR
    when != y != DMA_MAPPING_ERROR
    when != for (...;;...) S
    when != while (1) S
    when != while (true) S

// A mapping kept in a structure, a global or through a pointer that
// reaches the end of the function untested on some path.
@kept exists@
identifier map_k.mapf;
position map_k.p, pm;
expression map_k.x, E, D;
expression C : script:python (x, p) { rd_mentions(C, x, p) };
identifier cfn : script:python () { rd_is_checker(cfn) };
statement S;
symbol true;
@@

mapf@p@pm(...)
... when != dma_mapping_error(D, C)
    when != cfn(..., C, ...)
    when != x == DMA_MAPPING_ERROR
    when != x != DMA_MAPPING_ERROR
    when != x = E
    when != for (...;;...) S
    when != while (1) S
    when != while (true) S

// ---------------------------------------------------------------------
// Reports: one per map.
// ---------------------------------------------------------------------

@depends on context@
identifier mapf;
position p = {at_once.p, use_l.pm, use_y.pm, kept.pm};
@@

* mapf@p(...)

@script:python depends on report@
mapf << at_once.mapf;
p << at_once.p;
@@

rd_report(False, p, "the result of %s() is used at once, never tested with dma_mapping_error()" % mapf)

@script:python depends on org@
mapf << at_once.mapf;
p << at_once.p;
@@

rd_report(True, p, "the result of %s() is used at once, never tested with dma_mapping_error()" % mapf)

@script:python depends on report@
mapf << map_l.mapf;
x << map_l.x;
p << use_l.pm;
p2 << use_l.p2;
@@

rd_report(False, p, "%s (from %s()) is used on line %s and not tested with dma_mapping_error() on some path" % (x, mapf, p2[0].line))

@script:python depends on org@
mapf << map_l.mapf;
x << map_l.x;
p << use_l.pm;
p2 << use_l.p2;
@@

rd_report(True, p, "%s (from %s()) is used and not tested with dma_mapping_error() on some path" % (x, mapf), p2, "used here")

@script:python depends on report@
mapf << map_y.mapf;
y << map_y.y;
p << use_y.pm;
p2 << use_y.p2;
@@

rd_report(False, p, "%s (from %s()) is used on line %s and not tested with dma_mapping_error() on some path" % (y, mapf, p2[0].line))

@script:python depends on org@
mapf << map_y.mapf;
y << map_y.y;
p << use_y.pm;
p2 << use_y.p2;
@@

rd_report(True, p, "%s (from %s()) is used and not tested with dma_mapping_error() on some path" % (y, mapf), p2, "used here")

@script:python depends on report@
mapf << map_k.mapf;
x << map_k.x;
p << kept.pm;
@@

rd_report(False, p, "%s (from %s()) is kept and not tested with dma_mapping_error() on some path" % (rd_expr(x), mapf))

@script:python depends on org@
mapf << map_k.mapf;
x << map_k.x;
p << kept.pm;
@@

rd_report(True, p, "%s (from %s()) is kept and not tested with dma_mapping_error() on some path" % (rd_expr(x), mapf))
