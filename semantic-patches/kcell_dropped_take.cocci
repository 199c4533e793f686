// SPDX-License-Identifier: GPL-2.0
/// Find a pointer moved out of a cell or a lease that is dropped on the way
/// out of the function: the result of take_cell_take(),
/// take_cell_take_locked(), take_cell_replace(), take_cell_keep() or
/// dma_lease_reclaim(), stored in a local variable, reaches a return (an
/// error return, or any return that does not mention it) on some path
/// without having been put back (take_cell_put(), take_cell_replace(), ...),
/// passed to a function, stored somewhere, returned, or freed, nor (for a
/// reclaimed buffer) granted again or unmapped.  After a take the cell is
/// empty: the pointer dropped is the only reference to the object, which
/// leaks, and every later user of the cell finds it empty.
///
/// A NULL test of the pointer (if (!x) ..., if (x == NULL) ...,
/// if (!(x = take_cell_take(c))) ...) leaves the path where the cell was
/// empty out of the check; a return inside if (x) { ... } is checked.
//# The analysis is per function and does not follow values: a path that
//# is impossible because of some flag is still a path, and a pointer
//# handed to any function counts as passed on, even one that only prints
//# it.  A take whose result is tested together with something else
//# (if (!x || err) return ...), or that sits in a loop condition, is not
//# followed.  A reclaimed buffer is not followed into the next turn of a
//# loop (ring loops re-arm their slots through helpers the rule cannot
//# see), nor into a loop that follows.  A return at the end of a void
//# function is reported on the closing brace of the function.
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

import re

def kc_expr(e):
	"""An expression as spatch prints it, with the spaces it adds removed."""
	s = re.sub(r"\s*(->|\.|\[|\]|\))\s*", r"\1", str(e))
	s = re.sub(r"([(\[&*!~])\s+", r"\1", s)
	return re.sub(r"(\w)\s+\(", r"\1(", s)

// Takes whose result is tested in a loop condition, returned, or tested in
// a way other than a plain NULL test: not followed.
@nottracked@
identifier f = {take_cell_take, take_cell_take_locked, take_cell_replace,
		take_cell_keep, dma_lease_reclaim};
idexpression x;
expression c;
position p;
statement S, S1;
@@

(
 if (\(!(x = f(c, ...))\|(x = f(c, ...)) == NULL\|unlikely(!(x = f(c, ...)))\|unlikely((x = f(c, ...)) == NULL)\)) S
|
 while (<+... f@p(c, ...) ...+>) S
|
 for (...; <+... f@p(c, ...) ...+>; ...) S
|
 if (<+... f@p(c, ...) ...+>) S else S1
|
 if (<+... f@p(c, ...) ...+>) S
|
 return <+... f@p(c, ...) ...+>;
)

@src_take@
identifier f = {take_cell_take, take_cell_take_locked, take_cell_replace,
		take_cell_keep};
expression c;
position p != nottracked.p;
@@

f@p(c, ...)

@src_reclaim@
identifier f = dma_lease_reclaim;
expression c;
position p != nottracked.p;
@@

f@p(c, ...)

@r_take exists@
identifier src_take.f;
expression src_take.c;
position src_take.p;
local idexpression x;
expression E1, E2;
type T1;
identifier fn, fld;
position p2;
statement S, S1;
@@

(
 if (\(!(x = f@p(c, ...))\|(x = f@p(c, ...)) == NULL\|unlikely(!(x = f@p(c, ...)))\|unlikely((x = f@p(c, ...)) == NULL)\)) S
 ... when != fn(..., x, ...)
     when != fn(..., (T1)x, ...)
     when != E1 = x
     when != E1 = (T1)x
     when != x = E2
     when != &x
     when != &x->fld
     when != dma_lease_grant(c)
     when != dma_lease_unmap(c)
(
 if (\(x\|x != NULL\)) S1
|
 return <+... x ...+>;
|
 return@p2 ...;
)
|
 x = f@p(c, ...)
 ... when != x
     when != dma_lease_grant(c)
     when != dma_lease_unmap(c)
(
 if (\(!x\|x == NULL\|unlikely(!x)\|unlikely(x == NULL)\|WARN_ON(!x)\|WARN_ON_ONCE(!x)\|WARN_ON(x == NULL)\|WARN_ON_ONCE(x == NULL)\)) S
 ... when != fn(..., x, ...)
     when != fn(..., (T1)x, ...)
     when != E1 = x
     when != E1 = (T1)x
     when != x = E2
     when != &x
     when != &x->fld
     when != dma_lease_grant(c)
     when != dma_lease_unmap(c)
(
 if (\(x\|x != NULL\)) S1
|
 return <+... x ...+>;
|
 return@p2 ...;
)
|
 if (\(x\|x != NULL\|likely(x)\|likely(x != NULL)\)) {
 ... when != fn(..., x, ...)
     when != fn(..., (T1)x, ...)
     when != E1 = x
     when != E1 = (T1)x
     when != x = E2
     when != &x
     when != &x->fld
     when != dma_lease_grant(c)
     when != dma_lease_unmap(c)
(
 return <+... x ...+>;
|
 return@p2 ...;
)
 }
|
(
 return <+... x ...+>;
|
 return@p2 ...;
)
)
)

@r_reclaim exists@
identifier src_reclaim.f;
expression src_reclaim.c;
position src_reclaim.p;
local idexpression x;
expression E1, E2;
type T1;
identifier fn, fld;
position p2;
statement S, S1;
@@

(
 if (\(!(x = f@p(c, ...))\|(x = f@p(c, ...)) == NULL\|unlikely(!(x = f@p(c, ...)))\|unlikely((x = f@p(c, ...)) == NULL)\)) S
 ... when != fn(..., x, ...)
     when != fn(..., (T1)x, ...)
     when != E1 = x
     when != E1 = (T1)x
     when != x = E2
     when != &x
     when != &x->fld
     when != dma_lease_grant(c)
     when != dma_lease_unmap(c)
(
 if (\(x\|x != NULL\)) S1
|
 while (...) S1
|
 for (...;...;...) S1
|
 return <+... x ...+>;
|
 return@p2 ...;
)
|
 x = f@p(c, ...)
 ... when != x
     when != dma_lease_grant(c)
     when != dma_lease_unmap(c)
(
 if (\(!x\|x == NULL\|unlikely(!x)\|unlikely(x == NULL)\|WARN_ON(!x)\|WARN_ON_ONCE(!x)\|WARN_ON(x == NULL)\|WARN_ON_ONCE(x == NULL)\)) S
 ... when != fn(..., x, ...)
     when != fn(..., (T1)x, ...)
     when != E1 = x
     when != E1 = (T1)x
     when != x = E2
     when != &x
     when != &x->fld
     when != dma_lease_grant(c)
     when != dma_lease_unmap(c)
(
 if (\(x\|x != NULL\)) S1
|
 while (...) S1
|
 for (...;...;...) S1
|
 return <+... x ...+>;
|
 return@p2 ...;
)
|
 if (\(x\|x != NULL\|likely(x)\|likely(x != NULL)\)) {
 ... when != fn(..., x, ...)
     when != fn(..., (T1)x, ...)
     when != E1 = x
     when != E1 = (T1)x
     when != x = E2
     when != &x
     when != &x->fld
     when != dma_lease_grant(c)
     when != dma_lease_unmap(c)
(
 if (\(x\|x != NULL\)) S1
|
 while (...) S1
|
 for (...;...;...) S1
|
 return <+... x ...+>;
|
 return@p2 ...;
)
 }
|
(
 while (...) S1
|
 for (...;...;...) S1
|
 return <+... x ...+>;
|
 return@p2 ...;
)
)
)

@depends on context@
position p2 = {r_take.p2, r_reclaim.p2};
@@

* return@p2 ...;

@script:python depends on org@
p << src_take.p;
p2 << r_take.p2;
f << src_take.f;
@@

cocci.print_main("pointer from %s() dropped" % f, p2)
cocci.print_secs("moved out here", p)

@script:python depends on org@
p << src_reclaim.p;
p2 << r_reclaim.p2;
@@

cocci.print_main("pointer from dma_lease_reclaim() dropped", p2)
cocci.print_secs("reclaimed here", p)

@script:python depends on report@
p << src_take.p;
p2 << r_take.p2;
f << src_take.f;
c << src_take.c;
x << r_take.x;
@@

coccilib.report.print_report(p2[0],
	"ERROR: %s from %s(%s) on line %s is dropped here: not put back, passed on, stored, freed or returned" % (x, f, kc_expr(c), p[0].line))

@script:python depends on report@
p << src_reclaim.p;
p2 << r_reclaim.p2;
c << src_reclaim.c;
x << r_reclaim.x;
@@

coccilib.report.print_report(p2[0],
	"ERROR: %s from dma_lease_reclaim(%s) on line %s is dropped here: the buffer is neither granted again, passed on, stored nor returned" % (x, kc_expr(c), p[0].line))
