// SPDX-License-Identifier: GPL-2.0
/// Find a USB request used after usb_ep_queue(ep, req, gfp) handed it to
/// the controller.  From the call on, the request belongs to the
/// controller until its completion callback has run, and the completion
/// may run on another CPU, or even before usb_ep_queue() returns, and put
/// the request back in its cell, queue it again or free it.  Reported is
/// the first use of req on each path on which the call may have
/// succeeded: a dereference (req->field, *req) or req passed to a
/// function, including usb_ep_queue() again (a double queue) and
/// usb_ep_free_request().  The result may be ignored
/// (usb_ep_queue(ep, req, gfp);), stored (err = usb_ep_queue(...);) or
/// tested in an if.  Where it is tested (if (err), if (err < 0),
/// if (unlikely(err)), if (err && ...), if (!err), if (err == 0), the same
/// with the call in the condition, ...), the branch taken on failure is
/// not checked, since the request is still the function's there:
///   err = usb_ep_queue(ep, req, GFP_ATOMIC);
///   if (err)
///           take_cell_put(&slot->req, req);
///   return err;
/// is fine, while if (err) return err; req->length = 0; and
/// if (!err) req->zero = 1; are reported.  Prepare the request before
/// queueing it, keep what is needed afterwards in locals, and touch it
/// again in its completion.  Another name for the request taken before
/// the call (a = cdev->req;) is followed too.
//# req may be a variable or a chain of fields (usb_ep_queue(ep, cdev->req,
//# gfp), then cdev->req->length); a request named with an index or a call
//# (prm->reqs[i], pool_get(d)) is not followed, since the same words may
//# name another request at the next use.  Another name for the request
//# taken before the call (a = req, a = (T)req) is followed where the
//# result is ignored or tested for failure in an if, from the end of that
//# if: a use of the alias between the call and the test is not seen.
//# Reassigning req ends the check, and so do take_cell_keep(req), the end
//# of a take_cell_map(c, req) borrow, waiting for the completion
//# (wait_for_completion*, wait_event*, flush_work, ...) and
//# usb_ep_disable(), which gives back every queued request before it
//# returns; a lock shared with the completion is not seen.  Not uses:
//# usb_ep_dequeue(ep, req) (how a queued request is cancelled),
//# and req itself given to printk, pr_*, dev_*, WARN* or the gadget DBG/ERROR
//# macros (its value printed).  A result tested in another way (a switch,
//# err == -ENOMEM, an assignment inside the condition, a declaration
//# int err = usb_ep_queue(...)) exempts no branch, so a use on its failure
//# path is reported.  A use after the test is reported even when the
//# success branch already used req.  The analysis is per function.
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
	return re.sub(r"([(\[&*!~])\s+", r"\1", s)

# Pointers the current file moves (assigns, steps, iterates with): a
# request named through a field of one may be another request at the
# next use.  One Python runs the rules over every file: reset per file.
kc_moved = set()
kc_file = None

def kc_new_file(p):
	global kc_file
	if p[0].file != kc_file:
		kc_file = p[0].file
		kc_moved.clear()

def kc_named(req):
	"""A request named by a variable, or by a chain of fields from a
	pointer the file never moves: no index, no call."""
	s = str(req)
	if "[" in s or "(" in s:
		return False
	root = re.match(r"[\s*]*(\w+)", s)
	by_field = "->" in s or "." in s
	return not (by_field and root and root.group(1) in kc_moved)

# Uses that are usb_ep_queue() of the same request again, by position.
kc_requeued = set()

def kc_key(p):
	return (p[0].file, p[0].line, p[0].column)

def kc_report(org, p1, p2, req):
	again = kc_key(p2) in kc_requeued
	if org:
		cocci.print_main("request queued again" if again else "request used after usb_ep_queue()", p2)
		cocci.print_secs("queued here", p1)
	elif again:
		coccilib.report.print_report(p2[0],
			"ERROR: %s queued again while the usb_ep_queue() on line %s may still own it; wait for its completion" % (kc_expr(req), p1[0].line))
	else:
		coccilib.report.print_report(p2[0],
			"ERROR: %s used after usb_ep_queue() on line %s handed it to the controller; it is the controller's until its completion runs" % (kc_expr(req), p1[0].line))

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

@moved@
identifier b;
expression E;
position p;
@@

(
 b@p = E
|
 b@p++
|
 ++b@p
|
 b@p--
|
 --b@p
|
 b@p += E
|
 b@p -= E
)

@script:python@
b << moved.b;
p << moved.p;
@@

kc_new_file(p)
kc_moved.add(str(b))

@moved_it@
iterator name list_for_each_entry, list_for_each_entry_safe,
	      list_for_each_entry_reverse, list_for_each_entry_continue;
identifier b;
expression E1;
statement S;
position p;
@@

(
 list_for_each_entry(b@p, ...) S
|
 list_for_each_entry_safe(b@p, E1, ...) S
|
 list_for_each_entry_reverse(b@p, ...) S
|
 list_for_each_entry_continue(b@p, ...) S
)

@script:python@
b << moved_it.b;
p << moved_it.p;
@@

kc_new_file(p)
kc_moved.add(str(b))

@sz@
expression x;
position p;
@@

sizeof(<+... x@p ...+>)

// ---------------------------------------------------------------------
// err = usb_ep_queue(ep, req, gfp); ... if (err) ...
// Uses before the test, in the success branch, and after an if without
// else (the success path goes around it).  Reaching the test itself ends
// the path: a use in its condition (if (err && !take_cell_put(c, req)))
// is on the failure path.
// ---------------------------------------------------------------------

@r exists@
iterator name take_cell_map;
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$|usb_ep_disable$)";
identifier fn !~ "^(take_cell_keep|usb_ep_dequeue|printk|pr_[a-z_]+|dev_(emerg|alert|crit|err|warn|notice|info|dbg|vdbg|printk)[a-z_]*|WARN|WARN_ONCE|WARN_ON|WARN_ON_ONCE|DBG|VDBG|ERROR|WARNING|INFO)$";
expression ERR, e, g, E, E2;
expression req : script:python () { kc_named(req) };
identifier fld;
statement S, S1, S2;
position p1, p2 != sz.p;
@@

ERR = usb_ep_queue@p1(e, req, g);
... when != req = E
    when != take_cell_keep(req)
    when != waitfn(...)
(
 if (\(ERR\|ERR < 0\|ERR != 0\|0 != ERR\|unlikely(ERR)\|unlikely(ERR < 0)\|unlikely(ERR != 0)\|unlikely(0 != ERR)\|ERR && E2\|ERR < 0 && E2\|ERR != 0 && E2\|E2 && ERR\|E2 && ERR < 0\|E2 && ERR != 0\)) S1 else {
	... when != req = E
	    when != take_cell_keep(req)
	    when != waitfn(...)
	\(req@p2->fld\|*req@p2\|fn(..., req@p2, ...)\)
	... when any
 }
|
 if (\(!ERR\|ERR == 0\|0 == ERR\|ERR >= 0\|likely(!ERR)\|likely(ERR == 0)\|likely(0 == ERR)\)) {
	... when != req = E
	    when != take_cell_keep(req)
	    when != waitfn(...)
	\(req@p2->fld\|*req@p2\|fn(..., req@p2, ...)\)
	... when any
 } else S2
|
 if (\(ERR\|ERR < 0\|ERR != 0\|0 != ERR\|unlikely(ERR)\|unlikely(ERR < 0)\|unlikely(ERR != 0)\|unlikely(0 != ERR)\|ERR && E2\|ERR < 0 && E2\|ERR != 0 && E2\|E2 && ERR\|E2 && ERR < 0\|E2 && ERR != 0\)) S1
 ... when != req = E
     when != take_cell_keep(req)
     when != waitfn(...)
(
 take_cell_map(E, req) S
|
 req@p2->fld
|
 *req@p2
|
 fn(..., req@p2, ...)
)
|
 if (\(ERR\|ERR < 0\|ERR != 0\|0 != ERR\|unlikely(ERR)\|unlikely(ERR < 0)\|unlikely(ERR != 0)\|unlikely(0 != ERR)\|ERR && E2\|ERR < 0 && E2\|ERR != 0 && E2\|E2 && ERR\|E2 && ERR < 0\|E2 && ERR != 0\|!ERR\|ERR == 0\|0 == ERR\|ERR >= 0\|likely(!ERR)\|likely(ERR == 0)\|likely(0 == ERR)\)) S1 else S2
|
 take_cell_map(E, req) S
|
 req@p2->fld
|
 *req@p2
|
 fn(..., req@p2, ...)
)

// ---------------------------------------------------------------------
// if (usb_ep_queue(ep, req, gfp)) ...
// ---------------------------------------------------------------------

@rif exists@
iterator name take_cell_map;
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$|usb_ep_disable$)";
identifier fn !~ "^(take_cell_keep|usb_ep_dequeue|printk|pr_[a-z_]+|dev_(emerg|alert|crit|err|warn|notice|info|dbg|vdbg|printk)[a-z_]*|WARN|WARN_ONCE|WARN_ON|WARN_ON_ONCE|DBG|VDBG|ERROR|WARNING|INFO)$";
expression e, g, E, E2;
expression req : script:python () { kc_named(req) };
identifier fld;
statement S, S1, S2;
position p1, p2 != sz.p;
@@

(
 if (\(usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) < 0\|usb_ep_queue@p1(e, req, g) != 0\|0 != usb_ep_queue@p1(e, req, g)\|unlikely(usb_ep_queue@p1(e, req, g))\|unlikely(usb_ep_queue@p1(e, req, g) < 0)\|unlikely(usb_ep_queue@p1(e, req, g) != 0)\|unlikely(0 != usb_ep_queue@p1(e, req, g))\|usb_ep_queue@p1(e, req, g) && E2\|usb_ep_queue@p1(e, req, g) < 0 && E2\|usb_ep_queue@p1(e, req, g) != 0 && E2\|E2 && usb_ep_queue@p1(e, req, g)\|E2 && usb_ep_queue@p1(e, req, g) < 0\|E2 && usb_ep_queue@p1(e, req, g) != 0\)) S1 else {
	... when != req = E
	    when != take_cell_keep(req)
	    when != waitfn(...)
	\(req@p2->fld\|*req@p2\|fn(..., req@p2, ...)\)
	... when any
 }
|
 if (\(!usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) == 0\|0 == usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) >= 0\|likely(!usb_ep_queue@p1(e, req, g))\|likely(usb_ep_queue@p1(e, req, g) == 0)\|likely(0 == usb_ep_queue@p1(e, req, g))\|E2 && !usb_ep_queue@p1(e, req, g)\|E2 && usb_ep_queue@p1(e, req, g) == 0\)) {
	... when != req = E
	    when != take_cell_keep(req)
	    when != waitfn(...)
	\(req@p2->fld\|*req@p2\|fn(..., req@p2, ...)\)
	... when any
 } else S2
|
 if (\(usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) < 0\|usb_ep_queue@p1(e, req, g) != 0\|0 != usb_ep_queue@p1(e, req, g)\|unlikely(usb_ep_queue@p1(e, req, g))\|unlikely(usb_ep_queue@p1(e, req, g) < 0)\|unlikely(usb_ep_queue@p1(e, req, g) != 0)\|unlikely(0 != usb_ep_queue@p1(e, req, g))\|usb_ep_queue@p1(e, req, g) && E2\|usb_ep_queue@p1(e, req, g) < 0 && E2\|usb_ep_queue@p1(e, req, g) != 0 && E2\|E2 && usb_ep_queue@p1(e, req, g)\|E2 && usb_ep_queue@p1(e, req, g) < 0\|E2 && usb_ep_queue@p1(e, req, g) != 0\)) S1
 ... when != req = E
     when != take_cell_keep(req)
     when != waitfn(...)
(
 take_cell_map(E, req) S
|
 req@p2->fld
|
 *req@p2
|
 fn(..., req@p2, ...)
)
)

// ---------------------------------------------------------------------
// After an if with an explicit success branch: the paths that leave that
// branch (one that returns reaches nothing after the if).
// ---------------------------------------------------------------------

@succ exists@
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$|usb_ep_disable$)";
expression ERR, e, g, E, E2;
expression req : script:python () { kc_named(req) };
statement S, S1, S2;
position p1, ps;
@@

(
ERR = usb_ep_queue@p1(e, req, g);
... when != req = E
    when != take_cell_keep(req)
    when != waitfn(...)
(
 if (\(ERR\|ERR < 0\|ERR != 0\|0 != ERR\|unlikely(ERR)\|unlikely(ERR < 0)\|unlikely(ERR != 0)\|unlikely(0 != ERR)\|ERR && E2\|ERR < 0 && E2\|ERR != 0 && E2\|E2 && ERR\|E2 && ERR < 0\|E2 && ERR != 0\)) S1 else S@ps
|
 if (\(!ERR\|ERR == 0\|0 == ERR\|ERR >= 0\|likely(!ERR)\|likely(ERR == 0)\|likely(0 == ERR)\)) S@ps else S2
)
|
 if (\(usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) < 0\|usb_ep_queue@p1(e, req, g) != 0\|0 != usb_ep_queue@p1(e, req, g)\|unlikely(usb_ep_queue@p1(e, req, g))\|unlikely(usb_ep_queue@p1(e, req, g) < 0)\|unlikely(usb_ep_queue@p1(e, req, g) != 0)\|unlikely(0 != usb_ep_queue@p1(e, req, g))\|usb_ep_queue@p1(e, req, g) && E2\|usb_ep_queue@p1(e, req, g) < 0 && E2\|usb_ep_queue@p1(e, req, g) != 0 && E2\|E2 && usb_ep_queue@p1(e, req, g)\|E2 && usb_ep_queue@p1(e, req, g) < 0\|E2 && usb_ep_queue@p1(e, req, g) != 0\)) S1 else S@ps
|
 if (\(!usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) == 0\|0 == usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) >= 0\|likely(!usb_ep_queue@p1(e, req, g))\|likely(usb_ep_queue@p1(e, req, g) == 0)\|likely(0 == usb_ep_queue@p1(e, req, g))\|E2 && !usb_ep_queue@p1(e, req, g)\|E2 && usb_ep_queue@p1(e, req, g) == 0\)) S@ps else S2
)

@rsucc exists@
iterator name take_cell_map;
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$|usb_ep_disable$)";
identifier fn !~ "^(take_cell_keep|usb_ep_dequeue|printk|pr_[a-z_]+|dev_(emerg|alert|crit|err|warn|notice|info|dbg|vdbg|printk)[a-z_]*|WARN|WARN_ONCE|WARN_ON|WARN_ON_ONCE|DBG|VDBG|ERROR|WARNING|INFO)$";
expression E;
expression succ.req;
identifier fld;
statement succ.S, S3;
position succ.ps, p2 != sz.p;
@@

S@ps
... when != req = E
    when != take_cell_keep(req)
    when != waitfn(...)
(
 take_cell_map(E, req) S3
|
 req@p2->fld
|
 *req@p2
|
 fn(..., req@p2, ...)
)

// ---------------------------------------------------------------------
// Any other call: the result ignored, or used in a way not recognised.
// ---------------------------------------------------------------------

@known@
expression ERR, e, g, E2;
expression req : script:python () { kc_named(req) };
statement S1, S2;
position p1;
@@

(
 ERR = usb_ep_queue@p1(e, req, g);
|
 if (\(usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) < 0\|usb_ep_queue@p1(e, req, g) != 0\|0 != usb_ep_queue@p1(e, req, g)\|unlikely(usb_ep_queue@p1(e, req, g))\|unlikely(usb_ep_queue@p1(e, req, g) < 0)\|unlikely(usb_ep_queue@p1(e, req, g) != 0)\|unlikely(0 != usb_ep_queue@p1(e, req, g))\|usb_ep_queue@p1(e, req, g) && E2\|usb_ep_queue@p1(e, req, g) < 0 && E2\|usb_ep_queue@p1(e, req, g) != 0 && E2\|E2 && usb_ep_queue@p1(e, req, g)\|E2 && usb_ep_queue@p1(e, req, g) < 0\|E2 && usb_ep_queue@p1(e, req, g) != 0\|!usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) == 0\|0 == usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) >= 0\|likely(!usb_ep_queue@p1(e, req, g))\|likely(usb_ep_queue@p1(e, req, g) == 0)\|likely(0 == usb_ep_queue@p1(e, req, g))\|E2 && !usb_ep_queue@p1(e, req, g)\|E2 && usb_ep_queue@p1(e, req, g) == 0\)) S1 else S2
)

@rs exists@
iterator name take_cell_map;
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$|usb_ep_disable$)";
identifier fn !~ "^(take_cell_keep|usb_ep_dequeue|printk|pr_[a-z_]+|dev_(emerg|alert|crit|err|warn|notice|info|dbg|vdbg|printk)[a-z_]*|WARN|WARN_ONCE|WARN_ON|WARN_ON_ONCE|DBG|VDBG|ERROR|WARNING|INFO)$";
expression e, g, E;
expression req : script:python () { kc_named(req) };
identifier fld;
statement S;
position p1 != known.p1, p2 != sz.p;
@@

usb_ep_queue@p1(e, req, g)
... when != req = E
    when != take_cell_keep(req)
    when != waitfn(...)
(
 take_cell_map(E, req) S
|
 req@p2->fld
|
 *req@p2
|
 fn(..., req@p2, ...)
)

// ---------------------------------------------------------------------
// Another name for the request, taken before the queue: used after a
// queue whose result is ignored, or after an if that tests it for failure
// (the success path goes around that branch).
// ---------------------------------------------------------------------

@qalias exists@
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$|usb_ep_disable$)";
identifier fn !~ "^(take_cell_keep|usb_ep_dequeue|printk|pr_[a-z_]+|dev_(emerg|alert|crit|err|warn|notice|info|dbg|vdbg|printk)[a-z_]*|WARN|WARN_ONCE|WARN_ON|WARN_ON_ONCE|DBG|VDBG|ERROR|WARNING|INFO)$";
expression req : script:python () { kc_named(req) };
expression ERR, e, g, E;
identifier a, fld;
type T, T2;
statement S1;
position pa, p1, p2 != sz.p;
@@

(
 a@pa = \(req\|(T)req\);
|
 T2 a@pa = \(req\|(T)req\);
)
... when != a = E
    when != req = E
(
 usb_ep_queue@p1(e, req, g);
|
 ERR = usb_ep_queue@p1(e, req, g);
 ... when != a = E
     when != waitfn(...)
 if (\(ERR\|ERR < 0\|ERR != 0\|unlikely(ERR)\|unlikely(ERR < 0)\|unlikely(ERR != 0)\)) S1
|
 if (\(usb_ep_queue@p1(e, req, g)\|usb_ep_queue@p1(e, req, g) < 0\|usb_ep_queue@p1(e, req, g) != 0\|unlikely(usb_ep_queue@p1(e, req, g))\|unlikely(usb_ep_queue@p1(e, req, g) < 0)\|unlikely(usb_ep_queue@p1(e, req, g) != 0)\)) S1
)
... when != a = E
    when != take_cell_keep(a)
    when != waitfn(...)
\(a@p2->fld\|*a@p2\|fn(..., a@p2, ...)\)

@depends on context@
identifier qalias.a;
position qalias.p2;
@@

* a@p2

@script:python depends on org@
p1 << qalias.p1;
p2 << qalias.p2;
@@

cocci.print_main("alias of a queued request used", p2)
cocci.print_secs("queued here", p1)

@script:python depends on report@
p1 << qalias.p1;
pa << qalias.pa;
p2 << qalias.p2;
req << qalias.req;
a << qalias.a;
@@

coccilib.report.print_report(p2[0],
	"ERROR: %s (another name for %s, taken on line %s) used after usb_ep_queue() on line %s handed the request to the controller; it is the controller's until its completion runs" % (a, kc_expr(req), pa[0].line, p1[0].line))

// ---------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------

@again@
expression e, g;
expression req : script:python () { kc_named(req) };
position p2 = {r.p2, rif.p2, rsucc.p2, rs.p2};
@@

usb_ep_queue(e, req@p2, g)

@script:python@
p2 << again.p2;
@@

kc_requeued.add(kc_key(p2))

@depends on context@
expression E;
position p2 = {r.p2, rif.p2, rsucc.p2, rs.p2};
@@

* E@p2

@script:python depends on org@
p1 << r.p1;
p2 << r.p2;
req << r.req;
@@

kc_report(True, p1, p2, req)

@script:python depends on report@
p1 << r.p1;
p2 << r.p2;
req << r.req;
@@

kc_report(False, p1, p2, req)

@script:python depends on org@
p1 << rif.p1;
p2 << rif.p2;
req << rif.req;
@@

kc_report(True, p1, p2, req)

@script:python depends on report@
p1 << rif.p1;
p2 << rif.p2;
req << rif.req;
@@

kc_report(False, p1, p2, req)

@script:python depends on org@
p1 << succ.p1;
p2 << rsucc.p2;
req << succ.req;
@@

kc_report(True, p1, p2, req)

@script:python depends on report@
p1 << succ.p1;
p2 << rsucc.p2;
req << succ.req;
@@

kc_report(False, p1, p2, req)

@script:python depends on org@
p1 << rs.p1;
p2 << rs.p2;
req << rs.req;
@@

kc_report(True, p1, p2, req)

@script:python depends on report@
p1 << rs.p1;
p2 << rs.p2;
req << rs.req;
@@

kc_report(False, p1, p2, req)
