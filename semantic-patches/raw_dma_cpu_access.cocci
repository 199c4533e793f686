// SPDX-License-Identifier: GPL-2.0
/// Find the CPU touching a streaming DMA buffer while the device owns it,
/// in one function:
///  - a buffer mapped DMA_FROM_DEVICE or DMA_BIDIRECTIONAL by
///    dma_map_single() (or its _attrs form) that the CPU reads or writes
///    (buf[i], *buf, buf->field, memcpy() to or from it, a function of
///    <linux/etherdevice.h> or <asm/unaligned.h> on it, eth_type_trans()
///    or netif_receive_skb() of the skb whose data was mapped) after the
///    map, on a path with no dma_unmap_*() or dma_sync_*_for_cpu() between;
///  - a buffer mapped DMA_TO_DEVICE that the CPU writes after the map, on
///    such a path, with no dma_sync_single_for_device() after the write.
/// The buffer belongs to the device from the map to the unmap (or to a
/// dma_sync_*_for_cpu()).  Under swiotlb (swiotlb=force, a 32-bit device
/// above 4 GiB, a confidential-computing guest) the device works on a
/// bounce buffer that is copied back into the driver's buffer only at the
/// unmap or the sync for the CPU: before that the CPU reads stale bytes,
/// and what it writes into a DMA_FROM_DEVICE buffer is overwritten by the
/// copy-back; a DMA_TO_DEVICE bounce buffer was filled at the map, so the
/// device never sees a later write.  On non-coherent ARM and MIPS the CPU's
/// cache holds lines of the buffer that the unmap's invalidation discards
/// (a write is lost) or that hide the device's data (a read is stale), and
/// a dirty line written back can overwrite what the device wrote.  Give the
/// buffer to the CPU first (dma_sync_single_for_cpu(), or the unmap), or
/// fill it before the map; after writing into a mapped buffer, hand it back
/// with dma_sync_single_for_device().
//# The access is found through the expression that was mapped (skb->data,
//# buf, priv->rx_buf[i]) and through a local pointer assigned that
//# expression (possibly plus an offset or cast) or skb_put(skb, ...) of
//# the skb whose data was mapped; a copy in a structure, or a pointer of
//# another function, is not followed.  A path ends at any dma_unmap_*()
//# or dma_sync_single*_for_cpu() call, whatever its arguments, at a call
//# of a function of the same file that makes one, at any function whose
//# name contains "unmap" or "for_cpu", and where the mapped expression,
//# or a name in it, is assigned.  &buf[i], &buf->f and sizeof(*buf) are
//# no accesses; prefetch() and prefetchw() are not either (a hint: the
//# sync for the CPU that must come before the real read invalidates what
//# they bring in); reading a DMA_TO_DEVICE buffer is allowed by the DMA
//# API and is not reported.  An access in the branch of
//# "if (dma_mapping_error(...)) { ... }" is the CPU's (the map failed);
//# one reached through a goto from that branch is not told apart.  An
//# access above the map in the source (the next turn of a loop) is not
//# reported.  Not seen: dma_map_page() and skb_frag_dma_map() buffers
//# (the CPU reaches them through page_address() or kmap), scatterlists,
//# a buffer handed back with dma_sync_single_for_device() and touched
//# after, and the common receive bug across functions (a ring's buffer,
//# mapped when the ring is filled, read in the poll before the sync):
//# those need the buffer and its DMA address tied together across
//# functions.  One report per map, at its first access, printed when the
//# file is done (not in a finalize, which spatch -j runs in the parent).
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
# Functions of the current file that unmap a buffer or sync it for the CPU:
# a call of one ends a path, as the DMA API's own calls do.
rd_stops = set()
rd_stopname = re.compile(r"unmap|for_cpu", re.I)
# Positions (file, line, column) where the pointer is not dereferenced:
# &buf[i], &buf->f, sizeof, typeof.
rd_notacc = set()
# Findings, by map: {map key: (map position, mapf, buffer, direction,
# kind, [access positions])}; writes to a DMA_TO_DEVICE buffer that a
# dma_sync_*_for_device() follows.
rd_maps = {}
rd_synced_set = set()
rd_org = False

def rd_key(p):
	return (p.file, int(p.line), int(p.column))

def rd_new_file(p):
	global rd_file
	if p[0].file != rd_file:
		rd_file = p[0].file
		rd_stops.clear()

def rd_is_stop(f):
	f = str(f)
	return f in rd_stops or rd_stopname.search(f) is not None

def rd_norm(e):
	return re.sub(r"[\s()]", "", str(e))

def rd_in(i, b):
	"""The identifier i is one of the names in the expression b."""
	return str(i) in re.findall(r"[A-Za-z_]\w*", str(b))

def rd_is_skb_data(s, b):
	return rd_norm(b) == rd_norm(s) + "->data"

def rd_notacc_add(pa):
	for q in pa:
		rd_notacc.add(rd_key(q))

def rd_after(pa, p):
	"""The access at pa is a dereference, below the map at p (a path
	back through a loop's edge reaches an earlier buffer)."""
	a, m = pa[0], p[0]
	if a.file != m.file or rd_key(a) in rd_notacc:
		return False
	return (int(a.line), int(a.column)) > (int(m.line), int(m.column))

def rd_expr(e):
	"""An expression as spatch prints it, with the spaces it adds removed."""
	s = re.sub(r"\s*(->|\.|\[|\]|\))\s*", r"\1", str(e))
	s = re.sub(r"([(\[&*!~])\s+", r"\1", s)
	return re.sub(r"(\w)\s+\(", r"\1(", s)

def rd_found(p, pa, mapf, b, d, dirn, kind):
	k = rd_key(p[0])
	if k not in rd_maps:
		rd_maps[k] = (p[0], str(mapf), rd_expr(b), str(dirn), kind, [])
	rd_maps[k][5].append(pa[0])

def rd_is_found(pw):
	k = rd_key(pw[0])
	return any(rd_key(a) == k for m in rd_maps.values() if m[4] == "write"
		   for a in m[5])

def rd_synced(pw):
	rd_synced_set.add(rd_key(pw[0]))

@script:python depends on org@
@@

rd_org = True

@map_in@
identifier mapf = {dma_map_single, dma_map_single_attrs};
identifier dir = {DMA_FROM_DEVICE, DMA_BIDIRECTIONAL};
expression D, B, L;
position p;
@@

mapf@p(D, B, L, dir, ...)


@map_out@
identifier mapf = {dma_map_single, dma_map_single_attrs};
identifier dir = {DMA_TO_DEVICE};
expression D, B, L;
position p;
@@

mapf@p(D, B, L, dir, ...)


// ---------------------------------------------------------------------
// The file's functions that unmap or sync for the CPU.  Only in a file
// that maps a buffer: spatch then skips the others without parsing them.
// ---------------------------------------------------------------------

@a_function depends on map_in || map_out@
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

@stopfn depends on map_in || map_out@
identifier fn;
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_sync_single_for_cpu,
		     dma_sync_single_range_for_cpu};
@@

fn(...) { <+... unmapf(...) ...+> }

@script:python@
fn << stopfn.fn;
@@

rd_stops.add(str(fn))

// ---------------------------------------------------------------------
// Buffers mapped DMA_FROM_DEVICE or DMA_BIDIRECTIONAL.
// ---------------------------------------------------------------------

@alias_in@
expression map_in.B;
local idexpression Q;
position pq;
type T;
expression E;
expression S : script:python (B) { rd_is_skb_data(S, B) };
@@

(
 Q@pq = B
|
 Q@pq = B + E
|
 Q@pq = (T)B
|
 Q@pq = (T)(B + E)
|
 Q@pq = skb_put(S, E)
|
 Q@pq = __skb_put(S, E)
)

@notacc_b_in@
expression map_in.B;
position pa;
expression E1;
identifier fld;
type T;
@@

(
 &B@pa[E1]
|
 &B@pa->fld
|
 &((T)B@pa)->fld
|
 &((T)B@pa)[E1]
|
 sizeof(<+... B@pa ...+>)
)

@script:python@
pa << notacc_b_in.pa;
@@

rd_notacc_add(pa)

@notacc_q_in@
local idexpression alias_in.Q;
position pa;
expression E1;
identifier fld;
type T;
@@

(
 &Q@pa[E1]
|
 &Q@pa->fld
|
 &((T)Q@pa)->fld
|
 &((T)Q@pa)[E1]
|
 sizeof(<+... Q@pa ...+>)
)

@script:python@
pa << notacc_q_in.pa;
@@

rd_notacc_add(pa)

// After a failed map the buffer is the CPU's: a fallback (PIO, a copy)
// in the error branch is no access to a device's buffer.
@errbr_b_in@
expression map_in.B;
position pa;
expression D, A;
@@

if (\(dma_mapping_error(D, A)\|unlikely(dma_mapping_error(D, A))\)) {
  <... B@pa ...>
}

@script:python@
pa << errbr_b_in.pa;
@@

rd_notacc_add(pa)

// After a failed map the buffer is the CPU's: a fallback (PIO, a copy)
// in the error branch is no access to a device's buffer.
@errbr_q_in@
local idexpression alias_in.Q;
position pa;
expression D, A;
@@

if (\(dma_mapping_error(D, A)\|unlikely(dma_mapping_error(D, A))\)) {
  <... Q@pa ...>
}

@script:python@
pa << errbr_q_in.pa;
@@

rd_notacc_add(pa)

@acc_b_in exists@
identifier map_in.mapf;
expression map_in.B;
position map_in.p;
position pa : script:python (p) { rd_after(pa, p) };
expression E, E1, E2;
identifier fld;
type T;
identifier wfn = {memcpy, memmove, memset, strcpy, strncpy, strscpy, strlcpy, sprintf, snprintf, scnprintf, ether_addr_copy, eth_broadcast_addr, eth_zero_addr, eth_random_addr, memcpy_fromio, memzero_explicit};
identifier rfn = {memcmp, memcpy_toio, strcmp, strncmp, strlen, strnlen, ether_addr_equal, ether_addr_equal_unaligned, is_valid_ether_addr, is_multicast_ether_addr, print_hex_dump, print_hex_dump_bytes, print_hex_dump_debug, crc32_le, crc32_be, crc32c, ether_crc, ether_crc_le, csum_partial, ip_fast_csum, get_unaligned_le16, get_unaligned_le32, get_unaligned_le64, get_unaligned_be16, get_unaligned_be32, get_unaligned_be64, le16_to_cpup, le32_to_cpup, le64_to_cpup, be16_to_cpup, be32_to_cpup, be64_to_cpup};
identifier putu = {put_unaligned_le16, put_unaligned_le32, put_unaligned_le64, put_unaligned_be16, put_unaligned_be32, put_unaligned_be64};
identifier sfn : script:python () { rd_is_stop(sfn) };
identifier I : script:python (B) { rd_in(I, B) };
@@

mapf@p(...)
...
    when != dma_unmap_single(...)
    when != dma_unmap_single_attrs(...)
    when != dma_unmap_page(...)
    when != dma_unmap_page_attrs(...)
    when != dma_sync_single_for_cpu(...)
    when != dma_sync_single_range_for_cpu(...)
    when != sfn(...)
    when != B = E
    when != I = E
    when != I++
    when != ++I
    when != I--
    when != --I
    when != I += E
    when != I -= E
(
 B@pa[E1]
|
 *B@pa
|
 B@pa->fld
|
 *(B@pa + E1)
|
 ((T)B@pa)->fld
|
 ((T)B@pa)[E1]
|
 *(T)B@pa
|
 *((T)B@pa + E1)
|
 *((T)(B@pa + E1))
|
 wfn(..., <+... B@pa ...+>, ...)
|
 rfn(..., <+... B@pa ...+>, ...)
|
 putu(E2, <+... B@pa ...+>)
)

@script:python@
mapf << map_in.mapf;
b << map_in.B;
dirn << map_in.dir;
p << map_in.p;
pa << acc_b_in.pa;
@@

rd_found(p, pa, mapf, b, "in", dirn, "any")

@depends on context@
expression map_in.B;
position acc_b_in.pa;
@@

* B@pa

@acc_q_in exists@
identifier map_in.mapf;
expression map_in.B;
position map_in.p;
local idexpression alias_in.Q;
position pa : script:python (p) { rd_after(pa, p) };
expression E, E1, E2;
identifier fld;
type T;
identifier wfn = {memcpy, memmove, memset, strcpy, strncpy, strscpy, strlcpy, sprintf, snprintf, scnprintf, ether_addr_copy, eth_broadcast_addr, eth_zero_addr, eth_random_addr, memcpy_fromio, memzero_explicit};
identifier rfn = {memcmp, memcpy_toio, strcmp, strncmp, strlen, strnlen, ether_addr_equal, ether_addr_equal_unaligned, is_valid_ether_addr, is_multicast_ether_addr, print_hex_dump, print_hex_dump_bytes, print_hex_dump_debug, crc32_le, crc32_be, crc32c, ether_crc, ether_crc_le, csum_partial, ip_fast_csum, get_unaligned_le16, get_unaligned_le32, get_unaligned_le64, get_unaligned_be16, get_unaligned_be32, get_unaligned_be64, le16_to_cpup, le32_to_cpup, le64_to_cpup, be16_to_cpup, be32_to_cpup, be64_to_cpup};
identifier putu = {put_unaligned_le16, put_unaligned_le32, put_unaligned_le64, put_unaligned_be16, put_unaligned_be32, put_unaligned_be64};
identifier sfn : script:python () { rd_is_stop(sfn) };
identifier I : script:python (B) { rd_in(I, B) };
@@

mapf@p(...)
...
    when != dma_unmap_single(...)
    when != dma_unmap_single_attrs(...)
    when != dma_unmap_page(...)
    when != dma_unmap_page_attrs(...)
    when != dma_sync_single_for_cpu(...)
    when != dma_sync_single_range_for_cpu(...)
    when != sfn(...)
    when != B = E
    when != I = E
    when != I++
    when != ++I
    when != I--
    when != --I
    when != I += E
    when != I -= E
    when != Q = E
(
 Q@pa[E1]
|
 *Q@pa
|
 Q@pa->fld
|
 *(Q@pa + E1)
|
 ((T)Q@pa)->fld
|
 ((T)Q@pa)[E1]
|
 *(T)Q@pa
|
 *((T)Q@pa + E1)
|
 *((T)(Q@pa + E1))
|
 wfn(..., <+... Q@pa ...+>, ...)
|
 rfn(..., <+... Q@pa ...+>, ...)
|
 putu(E2, <+... Q@pa ...+>)
)

@script:python@
mapf << map_in.mapf;
b << map_in.B;
dirn << map_in.dir;
p << map_in.p;
pa << acc_q_in.pa;
@@

rd_found(p, pa, mapf, b, "in", dirn, "any")

@depends on context@
local idexpression alias_in.Q;
position acc_q_in.pa;
@@

* Q@pa

@acc_r_in exists@
identifier map_in.mapf;
expression map_in.B;
position map_in.p;
local idexpression alias_in.Q;
position alias_in.pq;
expression E3;
position pa : script:python (p) { rd_after(pa, p) };
expression E, E1, E2;
identifier fld;
type T;
identifier wfn = {memcpy, memmove, memset, strcpy, strncpy, strscpy, strlcpy, sprintf, snprintf, scnprintf, ether_addr_copy, eth_broadcast_addr, eth_zero_addr, eth_random_addr, memcpy_fromio, memzero_explicit};
identifier rfn = {memcmp, memcpy_toio, strcmp, strncmp, strlen, strnlen, ether_addr_equal, ether_addr_equal_unaligned, is_valid_ether_addr, is_multicast_ether_addr, print_hex_dump, print_hex_dump_bytes, print_hex_dump_debug, crc32_le, crc32_be, crc32c, ether_crc, ether_crc_le, csum_partial, ip_fast_csum, get_unaligned_le16, get_unaligned_le32, get_unaligned_le64, get_unaligned_be16, get_unaligned_be32, get_unaligned_be64, le16_to_cpup, le32_to_cpup, le64_to_cpup, be16_to_cpup, be32_to_cpup, be64_to_cpup};
identifier putu = {put_unaligned_le16, put_unaligned_le32, put_unaligned_le64, put_unaligned_be16, put_unaligned_be32, put_unaligned_be64};
identifier sfn : script:python () { rd_is_stop(sfn) };
identifier I : script:python (B) { rd_in(I, B) };
@@

mapf@p(...)
...
    when != dma_unmap_single(...)
    when != dma_unmap_single_attrs(...)
    when != dma_unmap_page(...)
    when != dma_unmap_page_attrs(...)
    when != dma_sync_single_for_cpu(...)
    when != dma_sync_single_range_for_cpu(...)
    when != sfn(...)
    when != B = E
    when != I = E
    when != I++
    when != ++I
    when != I--
    when != --I
    when != I += E
    when != I -= E
    when != Q = E
Q@pq = E3
...
    when != dma_unmap_single(...)
    when != dma_unmap_single_attrs(...)
    when != dma_unmap_page(...)
    when != dma_unmap_page_attrs(...)
    when != dma_sync_single_for_cpu(...)
    when != dma_sync_single_range_for_cpu(...)
    when != sfn(...)
    when != B = E
    when != I = E
    when != I++
    when != ++I
    when != I--
    when != --I
    when != I += E
    when != I -= E
    when != Q = E
(
 Q@pa[E1]
|
 *Q@pa
|
 Q@pa->fld
|
 *(Q@pa + E1)
|
 ((T)Q@pa)->fld
|
 ((T)Q@pa)[E1]
|
 *(T)Q@pa
|
 *((T)Q@pa + E1)
|
 *((T)(Q@pa + E1))
|
 wfn(..., <+... Q@pa ...+>, ...)
|
 rfn(..., <+... Q@pa ...+>, ...)
|
 putu(E2, <+... Q@pa ...+>)
)

@script:python@
mapf << map_in.mapf;
b << map_in.B;
dirn << map_in.dir;
p << map_in.p;
pa << acc_r_in.pa;
@@

rd_found(p, pa, mapf, b, "in", dirn, "any")

@depends on context@
local idexpression alias_in.Q;
position acc_r_in.pa;
@@

* Q@pa

@map_s_in@
identifier map_in.mapf;
identifier map_in.dir;
position map_in.p;
expression D, S, L;
@@

mapf@p(D, S->data, L, dir, ...)

@acc_s_in exists@
identifier map_in.mapf;
position map_in.p;
expression map_s_in.S;
position pa : script:python (p) { rd_after(pa, p) };
expression E;
identifier sfn : script:python () { rd_is_stop(sfn) };
identifier skbf = {eth_type_trans, netif_receive_skb, netif_rx, napi_gro_receive, skb_copy_bits, skb_copy_from_linear_data, skb_copy_from_linear_data_offset, skb_copy_to_linear_data, skb_copy_to_linear_data_offset, skb_put_data, skb_put_zero};
@@

mapf@p(...)
...
    when != dma_unmap_single(...)
    when != dma_unmap_single_attrs(...)
    when != dma_unmap_page(...)
    when != dma_unmap_page_attrs(...)
    when != dma_sync_single_for_cpu(...)
    when != dma_sync_single_range_for_cpu(...)
    when != sfn(...)
    when != S = E
skbf(..., S@pa, ...)

@script:python@
mapf << map_in.mapf;
b << map_in.B;
dirn << map_in.dir;
p << map_in.p;
pa << acc_s_in.pa;
@@

rd_found(p, pa, mapf, b, "in", dirn, "any")

@depends on context@
expression map_s_in.S;
position acc_s_in.pa;
@@

* S@pa

// ---------------------------------------------------------------------
// Buffers mapped DMA_TO_DEVICE.
// ---------------------------------------------------------------------

@alias_out@
expression map_out.B;
local idexpression Q;
position pq;
type T;
expression E;
expression S : script:python (B) { rd_is_skb_data(S, B) };
@@

(
 Q@pq = B
|
 Q@pq = B + E
|
 Q@pq = (T)B
|
 Q@pq = (T)(B + E)
|
 Q@pq = skb_put(S, E)
|
 Q@pq = __skb_put(S, E)
)

@notacc_b_out@
expression map_out.B;
position pa;
expression E1;
identifier fld;
type T;
@@

(
 &B@pa[E1]
|
 &B@pa->fld
|
 &((T)B@pa)->fld
|
 &((T)B@pa)[E1]
|
 sizeof(<+... B@pa ...+>)
)

@script:python@
pa << notacc_b_out.pa;
@@

rd_notacc_add(pa)

@notacc_q_out@
local idexpression alias_out.Q;
position pa;
expression E1;
identifier fld;
type T;
@@

(
 &Q@pa[E1]
|
 &Q@pa->fld
|
 &((T)Q@pa)->fld
|
 &((T)Q@pa)[E1]
|
 sizeof(<+... Q@pa ...+>)
)

@script:python@
pa << notacc_q_out.pa;
@@

rd_notacc_add(pa)

// After a failed map the buffer is the CPU's: a fallback (PIO, a copy)
// in the error branch is no access to a device's buffer.
@errbr_b_out@
expression map_out.B;
position pa;
expression D, A;
@@

if (\(dma_mapping_error(D, A)\|unlikely(dma_mapping_error(D, A))\)) {
  <... B@pa ...>
}

@script:python@
pa << errbr_b_out.pa;
@@

rd_notacc_add(pa)

// After a failed map the buffer is the CPU's: a fallback (PIO, a copy)
// in the error branch is no access to a device's buffer.
@errbr_q_out@
local idexpression alias_out.Q;
position pa;
expression D, A;
@@

if (\(dma_mapping_error(D, A)\|unlikely(dma_mapping_error(D, A))\)) {
  <... Q@pa ...>
}

@script:python@
pa << errbr_q_out.pa;
@@

rd_notacc_add(pa)

@acc_b_out exists@
identifier map_out.mapf;
expression map_out.B;
position map_out.p;
position pa : script:python (p) { rd_after(pa, p) };
expression E, E1, E2;
identifier fld, fld2;
type T;
assignment operator aop;
identifier wfn = {memcpy, memmove, memset, strcpy, strncpy, strscpy, strlcpy, sprintf, snprintf, scnprintf, ether_addr_copy, eth_broadcast_addr, eth_zero_addr, eth_random_addr, memcpy_fromio, memzero_explicit};
identifier putu = {put_unaligned_le16, put_unaligned_le32, put_unaligned_le64, put_unaligned_be16, put_unaligned_be32, put_unaligned_be64};
identifier sfn : script:python () { rd_is_stop(sfn) };
identifier I : script:python (B) { rd_in(I, B) };
@@

mapf@p(...)
...
    when != dma_unmap_single(...)
    when != dma_unmap_single_attrs(...)
    when != dma_unmap_page(...)
    when != dma_unmap_page_attrs(...)
    when != dma_sync_single_for_cpu(...)
    when != dma_sync_single_range_for_cpu(...)
    when != sfn(...)
    when != B = E
    when != I = E
    when != I++
    when != ++I
    when != I--
    when != --I
    when != I += E
    when != I -= E
(
 B@pa[E1] aop E2
|
 *B@pa aop E2
|
 B@pa->fld aop E2
|
 *(B@pa + E1) aop E2
|
 ((T)B@pa)->fld aop E2
|
 ((T)B@pa)[E1] aop E2
|
 *(T)B@pa aop E2
|
 *((T)B@pa + E1) aop E2
|
 *((T)(B@pa + E1)) aop E2
|
 B@pa->fld.fld2 aop E2
|
 B@pa->fld[E1] aop E2
|
 B@pa[E1]++
|
 B@pa[E1]--
|
 B@pa->fld++
|
 B@pa->fld--
|
 wfn(<+... B@pa ...+>, ...)
|
 putu(E2, <+... B@pa ...+>)
)

@script:python@
mapf << map_out.mapf;
b << map_out.B;
dirn << map_out.dir;
p << map_out.p;
pa << acc_b_out.pa;
@@

rd_found(p, pa, mapf, b, "out", dirn, "write")

@depends on context@
expression map_out.B;
position acc_b_out.pa;
@@

* B@pa

@acc_q_out exists@
identifier map_out.mapf;
expression map_out.B;
position map_out.p;
local idexpression alias_out.Q;
position pa : script:python (p) { rd_after(pa, p) };
expression E, E1, E2;
identifier fld, fld2;
type T;
assignment operator aop;
identifier wfn = {memcpy, memmove, memset, strcpy, strncpy, strscpy, strlcpy, sprintf, snprintf, scnprintf, ether_addr_copy, eth_broadcast_addr, eth_zero_addr, eth_random_addr, memcpy_fromio, memzero_explicit};
identifier putu = {put_unaligned_le16, put_unaligned_le32, put_unaligned_le64, put_unaligned_be16, put_unaligned_be32, put_unaligned_be64};
identifier sfn : script:python () { rd_is_stop(sfn) };
identifier I : script:python (B) { rd_in(I, B) };
@@

mapf@p(...)
...
    when != dma_unmap_single(...)
    when != dma_unmap_single_attrs(...)
    when != dma_unmap_page(...)
    when != dma_unmap_page_attrs(...)
    when != dma_sync_single_for_cpu(...)
    when != dma_sync_single_range_for_cpu(...)
    when != sfn(...)
    when != B = E
    when != I = E
    when != I++
    when != ++I
    when != I--
    when != --I
    when != I += E
    when != I -= E
    when != Q = E
(
 Q@pa[E1] aop E2
|
 *Q@pa aop E2
|
 Q@pa->fld aop E2
|
 *(Q@pa + E1) aop E2
|
 ((T)Q@pa)->fld aop E2
|
 ((T)Q@pa)[E1] aop E2
|
 *(T)Q@pa aop E2
|
 *((T)Q@pa + E1) aop E2
|
 *((T)(Q@pa + E1)) aop E2
|
 Q@pa->fld.fld2 aop E2
|
 Q@pa->fld[E1] aop E2
|
 Q@pa[E1]++
|
 Q@pa[E1]--
|
 Q@pa->fld++
|
 Q@pa->fld--
|
 wfn(<+... Q@pa ...+>, ...)
|
 putu(E2, <+... Q@pa ...+>)
)

@script:python@
mapf << map_out.mapf;
b << map_out.B;
dirn << map_out.dir;
p << map_out.p;
pa << acc_q_out.pa;
@@

rd_found(p, pa, mapf, b, "out", dirn, "write")

@depends on context@
local idexpression alias_out.Q;
position acc_q_out.pa;
@@

* Q@pa

@acc_r_out exists@
identifier map_out.mapf;
expression map_out.B;
position map_out.p;
local idexpression alias_out.Q;
position alias_out.pq;
expression E3;
position pa : script:python (p) { rd_after(pa, p) };
expression E, E1, E2;
identifier fld, fld2;
type T;
assignment operator aop;
identifier wfn = {memcpy, memmove, memset, strcpy, strncpy, strscpy, strlcpy, sprintf, snprintf, scnprintf, ether_addr_copy, eth_broadcast_addr, eth_zero_addr, eth_random_addr, memcpy_fromio, memzero_explicit};
identifier putu = {put_unaligned_le16, put_unaligned_le32, put_unaligned_le64, put_unaligned_be16, put_unaligned_be32, put_unaligned_be64};
identifier sfn : script:python () { rd_is_stop(sfn) };
identifier I : script:python (B) { rd_in(I, B) };
@@

mapf@p(...)
...
    when != dma_unmap_single(...)
    when != dma_unmap_single_attrs(...)
    when != dma_unmap_page(...)
    when != dma_unmap_page_attrs(...)
    when != dma_sync_single_for_cpu(...)
    when != dma_sync_single_range_for_cpu(...)
    when != sfn(...)
    when != B = E
    when != I = E
    when != I++
    when != ++I
    when != I--
    when != --I
    when != I += E
    when != I -= E
    when != Q = E
Q@pq = E3
...
    when != dma_unmap_single(...)
    when != dma_unmap_single_attrs(...)
    when != dma_unmap_page(...)
    when != dma_unmap_page_attrs(...)
    when != dma_sync_single_for_cpu(...)
    when != dma_sync_single_range_for_cpu(...)
    when != sfn(...)
    when != B = E
    when != I = E
    when != I++
    when != ++I
    when != I--
    when != --I
    when != I += E
    when != I -= E
    when != Q = E
(
 Q@pa[E1] aop E2
|
 *Q@pa aop E2
|
 Q@pa->fld aop E2
|
 *(Q@pa + E1) aop E2
|
 ((T)Q@pa)->fld aop E2
|
 ((T)Q@pa)[E1] aop E2
|
 *(T)Q@pa aop E2
|
 *((T)Q@pa + E1) aop E2
|
 *((T)(Q@pa + E1)) aop E2
|
 Q@pa->fld.fld2 aop E2
|
 Q@pa->fld[E1] aop E2
|
 Q@pa[E1]++
|
 Q@pa[E1]--
|
 Q@pa->fld++
|
 Q@pa->fld--
|
 wfn(<+... Q@pa ...+>, ...)
|
 putu(E2, <+... Q@pa ...+>)
)

@script:python@
mapf << map_out.mapf;
b << map_out.B;
dirn << map_out.dir;
p << map_out.p;
pa << acc_r_out.pa;
@@

rd_found(p, pa, mapf, b, "out", dirn, "write")

@depends on context@
local idexpression alias_out.Q;
position acc_r_out.pa;
@@

* Q@pa

@map_s_out@
identifier map_out.mapf;
identifier map_out.dir;
position map_out.p;
expression D, S, L;
@@

mapf@p(D, S->data, L, dir, ...)

@acc_s_out exists@
identifier map_out.mapf;
position map_out.p;
expression map_s_out.S;
position pa : script:python (p) { rd_after(pa, p) };
expression E;
identifier sfn : script:python () { rd_is_stop(sfn) };
identifier skbf = {skb_copy_to_linear_data, skb_copy_to_linear_data_offset, skb_put_data, skb_put_zero};
@@

mapf@p(...)
...
    when != dma_unmap_single(...)
    when != dma_unmap_single_attrs(...)
    when != dma_unmap_page(...)
    when != dma_unmap_page_attrs(...)
    when != dma_sync_single_for_cpu(...)
    when != dma_sync_single_range_for_cpu(...)
    when != sfn(...)
    when != S = E
skbf(..., S@pa, ...)

@script:python@
mapf << map_out.mapf;
b << map_out.B;
dirn << map_out.dir;
p << map_out.p;
pa << acc_s_out.pa;
@@

rd_found(p, pa, mapf, b, "out", dirn, "write")

@depends on context@
expression map_s_out.S;
position acc_s_out.pa;
@@

* S@pa

// A write followed by a dma_sync_*_for_device() hands the new bytes to the
// device: not reported.
@synced_out exists@
position pw : script:python () { rd_is_found(pw) };
expression E;
identifier syncf = {dma_sync_single_for_device, dma_sync_single_range_for_device};
@@

E@pw
... when any
syncf(...)

@script:python@
pw << synced_out.pw;
@@

rd_synced(pw)


// ---------------------------------------------------------------------
// Reports: one per map, at its first access.
// ---------------------------------------------------------------------

// Printed per file, not in a finalize: with spatch -j, a finalize runs in
// the parent, which has none of the workers' findings.
@script:python depends on map_in || map_out@
@@

for k in sorted(rd_maps):
	p, mapf, b, dirn, kind, acc = rd_maps[k]
	acc = sorted((a for a in acc if rd_key(a) not in rd_synced_set),
		     key=rd_key)
	if not acc:
		continue
	a = acc[0]
	if kind == "write":
		msg = ("%s is written by the CPU on line %s after %s() mapped it %s on line %s, "
		       "and no dma_sync_single_for_device() follows: the device reads the buffer as it was at the map"
		       % (b, a.line, mapf, dirn, p.line))
	else:
		msg = ("%s is accessed by the CPU on line %s while the device owns it: %s() mapped it %s on line %s, "
		       "and it is neither unmapped nor synced with dma_sync_single_for_cpu() before"
		       % (b, a.line, mapf, dirn, p.line))
	if rd_org:
		coccilib.org.print_todo(a, "%s %s::%s" % (msg, a.file, a.line))
		coccilib.org.print_link(p, "mapped here", "ovl-face2")
	else:
		coccilib.report.print_report(a, "ERROR: " + msg)
rd_maps.clear()
rd_synced_set.clear()
