// SPDX-License-Identifier: GPL-2.0
/// Find a streaming DMA mapping whose whole life sits in one function, and
/// in patch mode turn it into a kcell DMA lease: a local dma_addr_t mapped
/// with dma_map_single() or dma_map_page(), tested at once with
/// dma_mapping_error(), given to the device (through lower_32_bits(),
/// upper_32_bits(), cpu_to_le32() or cpu_to_le64(), or as the value of a
/// 32-bit register write, and no other way), then unmapped on
/// every path with the map's own size and direction.  Synchronous
/// commands have this shape: a self-test frame, a firmware block, a
/// buffer for a command's reply.  It is the one case in which the
/// conversion is mechanical: the map and its test become
/// dma_lease_map_grant() (or dma_lease_map_page_grant()), whose result
/// is the test, the address becomes a kcell_dma_t that sparse keeps out
/// of arithmetic and structures, and the unmap becomes dma_lease_reclaim()
/// then dma_lease_unmap(), the CPU taking the buffer back before the
/// mapping goes.  The buffer's other accesses are then checked by the
/// lease's debug mode (a CPU access while granted is refused and
/// reported) and by the kcell_lease_* rules.
///
/// These are offers, not bugs: the report says where a conversion applies.
/// Add -I for kcell's include/ directory, or copy include/kcell/ beside the
/// driver, before building the result.
//# Not offered (the function is left alone): an address that is also
//# stored, passed to a function, compared or printed, or mapped twice; a
//# dma_sync_single_*() of it (each sync is a hand-over, a reclaim or a
//# grant, and where it belongs is the driver's choice); a path that
//# returns between the test and the unmap without unmapping (an unwind
//# bug: see raw_dma_unwind), or an unmap with another size or direction
//# (see raw_dma_unmap_mismatch); an address declared with other
//# variables, initialised in its declaration, or a parameter.  A mapping
//# kept in a structure and unmapped in another function (a ring's) needs
//# the structure's field to become a lease, and the ring's logic to use
//# dma_ring.h: not mechanical, not offered.  --no-scanner: without it,
//# spatch 1.1.1 picks the files to read for this rule with git grep, and
//# in a tree that is not a git checkout (a distribution's source package)
//# reads almost none of them.  The include of
//# <kcell/dma_lease.h> is added after <linux/dma-mapping.h> only where the
//# file includes that header itself.
///
// Confidence: High
// Kind: offer
// Copyright: (C) 2026 The kcell authors.
// Comments: for drivers that call the DMA API directly; needs no macro file
// Options: --no-includes --include-headers --no-scanner

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@

# Per function: the positions of every use of the address, and those of
# the uses the conversion knows how to rewrite.
rl_all = {}
rl_ok = {}
# Per file: the first lines of the functions converted.
rl_convfns = {}

def rl_key(p, d):
	return (p[0].file, p[0].current_element, str(d))

def rl_add(table, p, d):
	table.setdefault(rl_key(p, d), set()).add((p[0].line, p[0].column))

// ---------------------------------------------------------------------
// Candidates: declared alone, mapped once, tested at once, unmapped on
// every path with the map's own size and direction, unused before the
// map and after the unmap.
// ---------------------------------------------------------------------

@cand forall@
identifier d;
expression dev, buf, pg, off, len, dir, E;
statement S;
position pd, pm, pu;
@@

dma_addr_t d@pd;
... when != d
(
d@pm = dma_map_single(dev, buf, len, dir);
|
d@pm = dma_map_page(dev, pg, off, len, dir);
)
(
if (dma_mapping_error(dev, d)) S
|
if (unlikely(dma_mapping_error(dev, d))) S
)
... when != d = E
    when != &d
    when strict
(
dma_unmap_single@pu(dev, d, len, dir);
|
dma_unmap_page@pu(dev, d, len, dir);
)
... when != d

@alluse depends on cand@
identifier cand.d;
position p;
@@

d@p

@script:python depends on alluse@
d << cand.d;
p << alluse.p;
@@
rl_add(rl_all, p, d)

@okuse depends on cand@
identifier cand.d;
expression dev, E;
position p;
@@

(
lower_32_bits(d@p)
|
upper_32_bits(d@p)
|
cpu_to_le32(d@p)
|
cpu_to_le64(d@p)
|
writel(d@p, E)
|
writel_relaxed(d@p, E)
|
iowrite32(d@p, E)
|
dma_mapping_error(dev, d@p)
|
dma_unmap_single(dev, d@p, ...)
|
dma_unmap_page(dev, d@p, ...)
|
d@p = E
)

@script:python depends on okuse@
d << cand.d;
p << okuse.p;
@@
rl_add(rl_ok, p, d)

@script:python offer@
d << cand.d;
pd << cand.pd;
pm << cand.pm;
dl;
pmo;
@@
k = rl_key(pm, d)
# The declaration is a use the conversion rewrites too.
uses = rl_all.get(k, set()) - {(pd[0].line, pd[0].column)}
if not uses or not uses <= rl_ok.get(k, set()):
	cocci.include_match(False)
else:
	coccinelle.dl = cocci.make_ident(str(d) + "_lease")
	q = pm[0]
	coccinelle.pmo = cocci.make_position(q.file, q.current_element,
					     int(q.line), int(q.column),
					     int(q.line_end), int(q.column_end))

// ---------------------------------------------------------------------
// Context, org and report modes.
// ---------------------------------------------------------------------

@ctx depends on context@
identifier cand.d;
position offer.pmo;
expression E;
@@

* d@pmo = E

@script:python depends on org@
d << cand.d;
pm << cand.pm;
pu << cand.pu;
dl << offer.dl;
@@
coccilib.org.print_todo(pm[0], "%s: map, device use and unmap (line %s) in one function: -D patch makes it a DMA lease" % (d, pu[0].line))
coccilib.org.print_link(pu[0], "")

@script:python depends on report@
d << cand.d;
pm << cand.pm;
pu << cand.pu;
dl << offer.dl;
@@
coccilib.report.print_report(pm[0], "INFO: %s is mapped, given to the device and unmapped (line %s) in this function: -D patch makes it a kcell DMA lease" % (d, pu[0].line))

// ---------------------------------------------------------------------
// Patch mode.
// ---------------------------------------------------------------------

@conv depends on patch@
identifier cand.d, offer.dl;
expression dev, buf, pg, off, len, dir, E;
statement S;
position cand.pd, cand.pm, cand.pu;
@@

- dma_addr_t d@pd;
+ struct dma_lease dl = {};
+ kcell_dma_t d;
  ...
(
- d@pm = dma_map_single(dev, buf, len, dir);
(
- if (dma_mapping_error(dev, d))
+ if (dma_lease_map_grant(&dl, dev, buf, len, dir, &d))
  S
|
- if (unlikely(dma_mapping_error(dev, d)))
+ if (unlikely(dma_lease_map_grant(&dl, dev, buf, len, dir, &d)))
  S
)
|
- d@pm = dma_map_page(dev, pg, off, len, dir);
(
- if (dma_mapping_error(dev, d))
+ if (dma_lease_map_page_grant(&dl, dev, pg, off, len, dir, &d))
  S
|
- if (unlikely(dma_mapping_error(dev, d)))
+ if (unlikely(dma_lease_map_page_grant(&dl, dev, pg, off, len, dir, &d)))
  S
)
)
  <...
(
- lower_32_bits(d)
+ kcell_dma_lower_32_bits(d)
|
- upper_32_bits(d)
+ kcell_dma_upper_32_bits(d)
|
- cpu_to_le32(d)
+ cpu_to_le32(kcell_dma_lower_32_bits(d))
|
- cpu_to_le64(d)
+ kcell_dma_to_le64(d)
|
- writel(d, E)
+ writel(kcell_dma_lower_32_bits(d), E)
|
- writel_relaxed(d, E)
+ writel_relaxed(kcell_dma_lower_32_bits(d), E)
|
- iowrite32(d, E)
+ iowrite32(kcell_dma_lower_32_bits(d), E)
)
  ...>
(
- dma_unmap_single@pu(dev, d, len, dir);
+ dma_lease_reclaim(&dl);
+ dma_lease_unmap(&dl);
|
- dma_unmap_page@pu(dev, d, len, dir);
+ dma_lease_reclaim(&dl);
+ dma_lease_unmap(&dl);
)

// The header: after <linux/dma-mapping.h> where the file includes it,
// else just before the first function converted (include guards make
// that legal; a reviewer may move it up to the file's other includes).
@inc depends on patch && conv@
@@

#include <linux/dma-mapping.h>
+#include <kcell/dma_lease.h>

@convfn depends on patch && conv && !inc@
identifier fn, offer.dl;
position pf;
@@

fn@pf(...) { <+... struct dma_lease dl = {}; ...+> }

@script:python@
pf << convfn.pf;
@@
rl_convfns.setdefault(pf[0].file, set()).add(int(pf[0].line))

@script:python firstfn@
pf << convfn.pf;
@@
if int(pf[0].line) != min(rl_convfns[pf[0].file]):
	cocci.include_match(False)

@depends on patch && firstfn@
identifier fn;
position convfn.pf;
@@

+#include <kcell/dma_lease.h>
+
fn@pf(...) { ... }
