// SPDX-License-Identifier: GPL-2.0
/// Find a pointer used after it was given to a TakeCell:
///  - take_cell_put(c, x); as a statement (the result ignored, so the
///    caller assumes the cell took it), or take_cell_replace(c, x),
///    followed on some path by a dereference of x, an index into it or a
///    call with x as an argument: from the put on, another CPU or the
///    interrupt handler may take x and free or reuse it;
///  - take_cell_put_locked(c, x, lock); followed by such a use after the
///    lock is released: every user of the cell holds that lock, so until
///    the unlock nobody else can take x, and uses before it are fine;
///  - take_cell_keep(x) inside a take_cell_map() body followed by a use of
///    x: take_cell_keep() sets the body's pointer to NULL, use the pointer
///    it returns.
/// An alias of x taken before the put (a copy, a cast, the address of a
/// member) and used after it is reported the same way.
/// The first use on each path is reported.  Use the pointer before giving
/// it away, or take it back with take_cell_take().
//# A put whose result is tested (if (!take_cell_put(c, x)) kfree(x);) is
//# not followed: the branches cannot be told apart.  take_cell_put() under
//# a lock is an atomic put, which says that users of the cell may take
//# without the lock: a use after it is reported, lock or not.  Where every
//# user holds the lock, say so with take_cell_put_locked() (lockdep checks
//# it).  The unlock that ends a _locked put's window is a spin_unlock*(),
//# raw_spin_unlock*() or mutex_unlock() of the same lock expression; an
//# alias of x used after a _locked put is not followed.  Reassigning x ends
//# the check, and so does reaching a take_cell_map() header (the end of
//# the borrow that take_cell_keep() was called in).  The analysis is per
//# function.
///
// Confidence: Moderate
// Copyright: (C) 2025 The kcell authors.
// Comments: use with --macro-file semantic-patches/kcell.macros
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@sz@
identifier x;
position p;
@@

sizeof(<+... x@p ...+>)

// Putting NULL gives nothing away.
@nullarg@
expression c, L;
position p;
@@

(
 take_cell_put@p(c, NULL)
|
 take_cell_put_locked@p(c, NULL, L)
|
 take_cell_replace@p(c, NULL)
)

@r exists@
iterator name take_cell_map;
expression c, E;
idexpression x;
expression L;
identifier fld, fn, q;
statement S;
position p1 != nullarg.p, p2 != sz.p;
@@

(
 take_cell_put@p1(c, x);
|
 take_cell_replace@p1(c, x)
|
 take_cell_keep@p1(x)
|
 take_cell_put_locked@p1(c, x, L);
 ... when != x = E
(
 spin_unlock(L);
|
 spin_unlock_irq(L);
|
 spin_unlock_bh(L);
|
 spin_unlock_irqrestore(L, ...);
|
 raw_spin_unlock(L);
|
 raw_spin_unlock_irq(L);
|
 raw_spin_unlock_irqrestore(L, ...);
|
 mutex_unlock(L);
)
)
... when != x = E
(
 take_cell_map(E, q) S
|
 x@p2->fld
|
 *x@p2
|
 x@p2[...]
|
 fn(..., x@p2, ...)
)

@op@
identifier f;
position r.p1;
@@

f@p1(...)

@depends on context@
idexpression r.x;
position r.p2;
@@

* x@p2

@script:python depends on org@
p1 << r.p1;
p2 << r.p2;
@@

cocci.print_main("pointer used after it was given to a TakeCell", p2)
cocci.print_secs("given here", p1)

@script:python depends on report@
p1 << r.p1;
p2 << r.p2;
x << r.x;
f << op.f;
@@

if f == "take_cell_keep":
	msg = "ERROR: %s used after take_cell_keep(%s) on line %s set it to NULL; use the pointer take_cell_keep() returned"
	args = (x, x, p1[0].line)
else:
	msg = "ERROR: %s used after %s() on line %s gave it to the cell; another CPU may own it now"
	args = (x, f, p1[0].line)
coccilib.report.print_report(p2[0], msg % args)

// ---------------------------------------------------------------------
// An alias of the pointer, taken before the put and used after it
// ---------------------------------------------------------------------

@alias exists@
expression c, E;
idexpression x;
identifier a, fld, fn, m;
type T, T2;
position p1 != nullarg.p, pa, p2 != sz.p;
@@

(
 a@pa = \(x\|(T)x\|&x->m\);
|
 T2 a@pa = \(x\|(T)x\|&x->m\);
)
... when != x = E
    when != a = E
(
 take_cell_put@p1(c, x);
|
 take_cell_replace@p1(c, x)
)
... when != a = E
(
 a@p2->fld
|
 *a@p2
|
 a@p2[...]
|
 fn(..., a@p2, ...)
)

@alias_op@
identifier f;
position alias.p1;
@@

f@p1(...)

@depends on context@
identifier alias.a;
position alias.p2;
@@

* a@p2

@script:python depends on org@
p1 << alias.p1;
p2 << alias.p2;
@@

cocci.print_main("alias of a pointer used after the pointer was given to a TakeCell", p2)
cocci.print_secs("given here", p1)

@script:python depends on report@
p1 << alias.p1;
pa << alias.pa;
p2 << alias.p2;
x << alias.x;
a << alias.a;
f << alias_op.f;
@@

coccilib.report.print_report(p2[0],
	"ERROR: %s (an alias of %s taken on line %s) used after %s() on line %s gave %s to the cell; another CPU may own it now" % (a, x, pa[0].line, f, p1[0].line, x))
