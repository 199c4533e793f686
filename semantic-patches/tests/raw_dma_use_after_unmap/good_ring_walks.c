// SPDX-License-Identifier: GPL-2.0
/*
 * Loops that unmap one slot per step: an index advanced in the loop's
 * header, a pointer advanced in its body, a cursor of list_for_each_entry()
 * and of skb_queue_walk_safe() (which spatch does not see assign it), an
 * unwinding while (i--) loop, and frames dequeued in the loop's test.
 * And uses of the buffer, not of its bus address, after the unmap: the
 * CPU reads the data, the address is printed, compared, or copied into a
 * local that is not used.
 */
#include <linux/dma-mapping.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	64
#define ACME_BUF	2048

struct acme_buf {
	struct list_head node;
	struct sk_buff *skb;
	void *data;
	dma_addr_t dma;
	unsigned int len;
};

struct acme_skb_cb {
	dma_addr_t dma;
};

#define ACME_CB(skb)	((struct acme_skb_cb *)(skb)->cb)

struct acme_priv {
	struct device *dev;
	struct acme_buf ring[ACME_RING];
	dma_addr_t frag_dma[ACME_RING];
	struct list_head pending;
	struct sk_buff_head txq;
	unsigned int next_to_clean;
	u8 copy[ACME_BUF];
};

static void acme_clean_ring(struct acme_priv *ap)
{
	unsigned int i;

	for (i = 0; i < ACME_RING; i++) {
		if (ap->ring[i].len & 1)
			dma_unmap_page(ap->dev, ap->ring[i].dma, ACME_BUF,
				       DMA_FROM_DEVICE);
		else
			dma_unmap_single(ap->dev, ap->ring[i].dma, ACME_BUF,
					 DMA_FROM_DEVICE);
	}
}

static void acme_clean_ptr(struct acme_priv *ap, struct acme_buf *b,
			   unsigned int n)
{
	while (n--) {
		dma_unmap_single(ap->dev, b->dma, b->len, DMA_TO_DEVICE);
		b++;
	}
}

static void acme_clean_list(struct acme_priv *ap)
{
	struct acme_buf *b, *tmp;

	list_for_each_entry_safe(b, tmp, &ap->pending, node) {
		if (b->len > ACME_BUF)
			dma_unmap_page(ap->dev, b->dma, b->len, DMA_TO_DEVICE);
		else
			dma_unmap_single(ap->dev, b->dma, b->len,
					 DMA_TO_DEVICE);
		kfree(b->data);
	}
}

static void acme_clean_queue(struct acme_priv *ap)
{
	struct sk_buff *skb, *tmp;

	skb_queue_walk_safe(&ap->txq, skb, tmp) {
		dma_unmap_single(ap->dev, ACME_CB(skb)->dma, skb->len,
				 DMA_TO_DEVICE);
	}
}

static void acme_drain_queue(struct acme_priv *ap)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&ap->txq)) != NULL) {
		dma_unmap_single(ap->dev, ACME_CB(skb)->dma, skb->len,
				 DMA_TO_DEVICE);
		dev_kfree_skb_any(skb);
	}
}

static int acme_map_frags(struct acme_priv *ap, struct sk_buff *skb)
{
	int i;

	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		ap->frag_dma[i] = skb_frag_dma_map(ap->dev,
						   &skb_shinfo(skb)->frags[i], 0,
						   skb_frag_size(&skb_shinfo(skb)->frags[i]),
						   DMA_TO_DEVICE);
		if (dma_mapping_error(ap->dev, ap->frag_dma[i]))
			goto unwind;
	}
	return 0;

unwind:
	while (i--)
		dma_unmap_page(ap->dev, ap->frag_dma[i],
			       skb_frag_size(&skb_shinfo(skb)->frags[i]),
			       DMA_TO_DEVICE);
	return -ENOMEM;
}

static void acme_clean_next(struct acme_priv *ap, unsigned int budget)
{
	unsigned int i = ap->next_to_clean;

	while (budget--) {
		struct acme_buf *b = &ap->ring[i];

		dma_unmap_single(ap->dev, b->dma, b->len, DMA_FROM_DEVICE);
		i = (i + 1) % ACME_RING;
	}
	ap->next_to_clean = i;
}

static unsigned int acme_rx_copy(struct acme_priv *ap, struct acme_buf *b)
{
	dma_addr_t old;

	dma_unmap_single(ap->dev, b->dma, ACME_BUF, DMA_FROM_DEVICE);
	memcpy(ap->copy, b->data, b->len);
	dev_dbg(ap->dev, "unmapped %pad\n", &b->dma);
	if (b->dma == 0)
		return 0;
	old = b->dma;
	return old ? b->len : 0;
}

static dma_addr_t acme_rx_last(struct acme_priv *ap, dma_addr_t d)
{
	dma_addr_t last;

	dma_unmap_single(ap->dev, d, ACME_BUF, DMA_FROM_DEVICE);
	last = d;
	if (d == ap->frag_dma[0])
		pr_debug("last %pad\n", &last);
	return last;
}

/*
 * Shapes of 6.12 that the rule once reported: addresses read through an
 * expression with a side effect (cxgb4's *addr++, cxgb3's *--addr), or
 * from a register or a descriptor (ucc_geth's in_be32()); a loop that
 * advances its slot through a helper (hns_enet's unfill_desc(), tehuti's
 * rptr) or handles one completion per step (3c59x's interrupt loop); the
 * two branches of an if/else in a loop.
 */
struct acme_ring {
	struct acme_buf *bufs;
	unsigned int next;
	struct acme_buf *rptr;
};

void acme_unfill(struct acme_ring *r);
u32 acme_read_bd(struct acme_priv *ap);
bool acme_dma_done(struct acme_priv *ap);

static void acme_unmap_list(struct acme_priv *ap, dma_addr_t *addr,
			    unsigned int n)
{
	dma_unmap_single(ap->dev, *addr++, ACME_BUF, DMA_TO_DEVICE);
	while (n--)
		dma_unmap_page(ap->dev, *addr++, ACME_BUF, DMA_TO_DEVICE);
}

static void acme_unmap_back(struct acme_priv *ap, dma_addr_t *addr,
			    unsigned int n)
{
	while (n--)
		dma_unmap_page(ap->dev, *--addr, ACME_BUF, DMA_TO_DEVICE);
}

static void acme_unmap_bds(struct acme_priv *ap, unsigned int n)
{
	while (n--)
		dma_unmap_single(ap->dev, acme_read_bd(ap), ACME_BUF,
				 DMA_FROM_DEVICE);
}

static void acme_unwind(struct acme_priv *ap, struct acme_ring *r,
			unsigned int first)
{
	while (r->next != first) {
		acme_unfill(r);
		if (r->next != first)
			dma_unmap_page(ap->dev, r->bufs[r->next].dma, ACME_BUF,
				       DMA_TO_DEVICE);
		else
			dma_unmap_single(ap->dev, r->bufs[first].dma, ACME_BUF,
					 DMA_TO_DEVICE);
	}
}

static void acme_irq_loop(struct acme_priv *ap, struct acme_ring *r)
{
	do {
		if (acme_dma_done(ap))
			dma_unmap_single(ap->dev, r->rptr->dma, ACME_BUF,
					 DMA_TO_DEVICE);
	} while (acme_dma_done(ap));
}

static void acme_clean_list_skip(struct acme_priv *ap)
{
	struct acme_buf *b;

	list_for_each_entry(b, &ap->pending, node) {
		if (b->len > ACME_BUF) {
			dma_unmap_page(ap->dev, b->dma, b->len, DMA_TO_DEVICE);
			continue;
		}
		dma_unmap_single(ap->dev, b->dma, b->len, DMA_TO_DEVICE);
	}
}
