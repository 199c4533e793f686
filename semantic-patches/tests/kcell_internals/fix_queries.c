// SPDX-License-Identifier: GPL-2.0
/* Reads of private members that the patch mode rewrites to the API. */
#include <linux/netdevice.h>
#include <kcell/kcell.h>

struct acme_ring {
	DECLARE_TAKE_CELL(pending, struct sk_buff);
	DECLARE_MAP_CELL(stats, struct rtnl_link_stats64);
	DECLARE_OPTIONAL_CELL(ndev, struct net_device *);
	struct dma_lease lease;
	struct dma_region desc;
};

static int acme_ring_state(struct acme_ring *ring, struct dma_lease *l)
{
	size_t len;

	if (ring->pending.__kc_ptr)
		return -EBUSY;
	if (READ_ONCE(ring->pending.__kc_ptr) == NULL)
		return 0;
	if (atomic_read(&ring->stats.__kc_state) == KCELL_MAP_BORROWED)
		return -EAGAIN;
	if (atomic_read(&l->__kc_state) == KCELL_LEASE_DEVICE)
		return -EINPROGRESS;
	if (!ring->ndev.__kc_some)
		return -ENODEV;
	len = l->__kc_len + ring->desc.__kc_size;
	/* A write has no API equivalent: left alone, still reported. */
	ring->lease.__kc_len = len;
	return len;
}
