// SPDX-License-Identifier: GPL-2.0
/// Find accesses to the private members of kcell cells, DMA leases and DMA
/// regions, and calls of the library's private helpers.  Every such member
/// is named __kc_*, every helper __kcell_member(), __take_cell_*(),
/// __map_cell_*(), __optional_cell_*(), __dma_lease_*() or
/// __dma_region_*(); only include/kcell may use them.  A driver that reads
/// or writes a member bypasses the atomic state machine of the cell (and
/// its debug checks), so its use of the cell is no longer guaranteed to be
/// race-free or leak-free.  (__kcell_dma_raw() is a public escape hatch,
/// counted by the census, and not reported.)
///
/// In patch mode, the reads that have an API equivalent are rewritten:
/// a NULL test of a TakeCell's pointer becomes take_cell_is_some() or
/// take_cell_is_none(), a read of a lease's length dma_lease_len(), of a
/// region's size dma_region_size(), of an OptionalCell's presence
/// optional_cell_is_some(), and a comparison of a MapCell's or a lease's
/// state with KCELL_MAP_BORROWED or KCELL_LEASE_DEVICE
/// map_cell_is_borrowed() or dma_lease_is_granted().
//# Run it on driver code only: include/kcell is where these accesses
//# belong.  Identifiers named __kc_* given to a macro (for instance
//# __kcell_member(c, __kc_ptr) or offsetof()) are reported too.
///
// Confidence: High
// Copyright: (C) 2025 The kcell authors.
// Comments: use with --macro-file semantic-patches/kcell.macros
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

// ---------------------------------------------------------------------
// Patch mode: reads with an API equivalent.  Writes (and the address of
// a member) have none and are left for the report.
// ---------------------------------------------------------------------

@fix_ptr depends on patch@
expression E;
@@

(
- E->__kc_ptr == NULL
+ take_cell_is_none(E)
|
- E->__kc_ptr != NULL
+ take_cell_is_some(E)
|
- READ_ONCE(E->__kc_ptr) == NULL
+ take_cell_is_none(E)
|
- READ_ONCE(E->__kc_ptr) != NULL
+ take_cell_is_some(E)
|
- E.__kc_ptr == NULL
+ take_cell_is_none(&E)
|
- E.__kc_ptr != NULL
+ take_cell_is_some(&E)
|
- READ_ONCE(E.__kc_ptr) == NULL
+ take_cell_is_none(&E)
|
- READ_ONCE(E.__kc_ptr) != NULL
+ take_cell_is_some(&E)
)

@fix_state depends on patch@
expression E;
@@

(
- atomic_read(&E->__kc_state) == KCELL_MAP_BORROWED
+ map_cell_is_borrowed(E)
|
- atomic_read(&E.__kc_state) == KCELL_MAP_BORROWED
+ map_cell_is_borrowed(&E)
|
- atomic_read(&E->__kc_state) == KCELL_LEASE_DEVICE
+ dma_lease_is_granted(E)
|
- atomic_read(&E.__kc_state) == KCELL_LEASE_DEVICE
+ dma_lease_is_granted(&E)
)

@fix_read depends on patch@
expression E, E1;
@@

(
  E->__kc_len = E1
|
  E.__kc_len = E1
|
  E->__kc_size = E1
|
  E.__kc_size = E1
|
  E->__kc_some = E1
|
  E.__kc_some = E1
|
  &E->__kc_len
|
  &E.__kc_len
|
  &E->__kc_size
|
  &E.__kc_size
|
  &E->__kc_some
|
  &E.__kc_some
|
- E->__kc_len
+ dma_lease_len(E)
|
- E.__kc_len
+ dma_lease_len(&E)
|
- E->__kc_size
+ dma_region_size(E)
|
- E.__kc_size
+ dma_region_size(&E)
|
- READ_ONCE(E->__kc_some)
+ optional_cell_is_some(E)
|
- READ_ONCE(E.__kc_some)
+ optional_cell_is_some(&E)
|
- E->__kc_some
+ optional_cell_is_some(E)
|
- E.__kc_some
+ optional_cell_is_some(&E)
)

// ---------------------------------------------------------------------
// Report, context and org modes: every access.
// ---------------------------------------------------------------------

@depends on context@
expression e;
identifier fld =~ "^__kc_";
identifier f;
identifier fn =~ "^(__kcell_member$|__take_cell_|__map_cell_|__optional_cell_|__dma_lease_|__dma_region_)";
@@

(
* e->fld
|
* e.fld
|
* f(..., fld, ...)
|
* fn(...)
)

@r depends on report || org@
expression e;
identifier fld =~ "^__kc_";
identifier f;
position p;
@@

(
 e@p->fld
|
 e@p.fld
|
 f(..., fld@p, ...)
)

@helper depends on report || org@
identifier fn =~ "^(__kcell_member$|__take_cell_|__map_cell_|__optional_cell_|__dma_lease_|__dma_region_)";
position p;
@@

 fn@p(...)

@script:python depends on org@
p << r.p;
fld << r.fld;
@@

cocci.print_main("kcell private member " + fld, p)

@script:python depends on report@
p << r.p;
fld << r.fld;
@@

hints = {
	"__kc_ptr": "take_cell_*()",
	"__kc_state": "map_cell_*() or dma_lease_*()",
	"__kc_val": "map_cell_*() or optional_cell_*()",
	"__kc_some": "optional_cell_is_some()",
	"__kc_lock": "optional_cell_*()",
	"__kc_cpu": "dma_lease_cpu()/dma_lease_reclaim() or dma_region_read()/dma_region_write()",
	"__kc_bus": "dma_lease_grant() or dma_region_addr()",
	"__kc_len": "dma_lease_len()",
	"__kc_size": "dma_region_size()",
	"__kc_dev": "the driver's own struct device pointer",
	"__kc_dir": "the direction the driver passed to dma_lease_map()",
}
hint = hints.get(fld, "the kcell API")
coccilib.report.print_report(p[0],
	"ERROR: access to kcell private member %s outside include/kcell; use %s" % (fld, hint))

@script:python depends on org@
p << helper.p;
fn << helper.fn;
@@

cocci.print_main("kcell private helper " + fn, p)

@script:python depends on report@
p << helper.p;
fn << helper.fn;
@@

coccilib.report.print_report(p[0],
	"ERROR: call of kcell private helper %s() outside include/kcell; use the public API" % fn)
