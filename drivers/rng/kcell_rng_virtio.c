// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_rng hardware layer: a virtio-rng device's single virtqueue.
 *
 * The driver has one request buffer.  While the CPU owns it, it is in the
 * @buf TakeCell; request() takes it out and gives it to the device with
 * virtqueue_add_inbuf(), and the completion gets it back from
 * virtqueue_get_buf() and returns it to the cell after the bytes were
 * delivered.  Between the two the driver has no pointer to the buffer at
 * all: there is nothing to touch while the device writes it.
 *
 * Suspend (freeze) resets the device and deletes the virtqueue.  A buffer
 * the device held then, or one a request asks for while frozen, goes to
 * the @parked TakeCell: the request stays in flight for the layers above,
 * and restore gives the buffer to the new virtqueue, so the reader that
 * waited for it is answered after resume.  The buffer is always in exactly
 * one of @buf, the virtqueue and @parked.
 *
 * A completion delivers the bytes before it puts the buffer back in @buf
 * (the client copies them out of it), so a request that comes in between,
 * from a reader on another CPU whose previous request just ended, finds
 * @buf empty with nothing in flight: it is noted in @rerequest, and the
 * completion gives the buffer straight back to the device.
 *
 * Who touches what:
 *   @vq_lock serialises the virtqueue (adding, kicking, taking used
 *	buffers), as the virtio API requires; @gone and @frozen, which
 *	stop new requests reaching the device once it is being removed,
 *	suspended, or failed to resume; and @delivering and @rerequest.
 *   @vq is the virtqueue while it exists, NULL from freeze (or a failed
 *	restore) to the next restore, and after remove stopped the device;
 *	only probe, remove, freeze and restore change it, and no callback
 *	or request uses it then.
 *   @buf and @parked are TakeCells: the request path (process context),
 *	the completion (interrupt) and freeze/restore/remove move the buffer
 *	between them; a take is atomic, so one of them gets it.
 */
#include <linux/debugfs.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>

#include "kcell_rng.h"

/*
 * What the device fills per request.  Each request is a round trip through
 * the hypervisor, so a bigger buffer means fewer of them: 512 bytes is an
 * eighth of the pool (kcell_rng_chr.c), which keeps a request in flight
 * until it is full.
 */
#define KCELL_RNG_BUF_SIZE	512

/* The device writes random bytes here: labelled from the start. */
struct kcell_rng_buf {
	DECLARE_SECRET_BYTES(data, KCELL_RNG_BUF_SIZE);
};

struct kcell_rng_virtio {
	struct kcell_rng_source src;
	struct virtio_device *vdev;
	struct virtqueue *vq;
	spinlock_t vq_lock;	/* the virtqueue and the flags below */
	bool gone;
	bool frozen;
	bool delivering;	/* a completion holds the buffer */
	bool rerequest;		/* and a request came meanwhile */
	DECLARE_TAKE_CELL(buf, struct kcell_rng_buf);
	DECLARE_TAKE_CELL(parked, struct kcell_rng_buf);
	struct kcell_rng_chr *chr;
	int index;
};

static DEFINE_IDA(kcell_rng_ida);

/* Gives @buf to the device; the caller holds @vq_lock. */
static int virtio_rng_queue(struct kcell_rng_virtio *vr,
			    struct kcell_rng_buf *buf)
{
	struct scatterlist sg;
	int err;

	lockdep_assert_held(&vr->vq_lock);
	secret_sg_init_in(&sg, secret_bytes(&buf->data),
			  secret_size(&buf->data));
	err = virtqueue_add_inbuf(vr->vq, &sg, 1, buf, GFP_ATOMIC);
	if (!err)
		virtqueue_kick(vr->vq);
	return err;
}

/*
 * Gives the buffer to the device for a request, or notes the request for
 * the completion under way, or parks the buffer while frozen; the caller
 * holds @vq_lock.
 */
static int virtio_rng_request_locked(struct kcell_rng_virtio *vr)
{
	struct kcell_rng_buf *buf;
	int err;

	lockdep_assert_held(&vr->vq_lock);
	if (vr->gone)
		return -ENODEV;
	/* Absent while the device fills it: one request at a time. */
	buf = take_cell_take(&vr->buf);
	if (!buf) {
		/* On its way back from a completion, which will queue it. */
		if (!vr->delivering || vr->rerequest)
			return -EBUSY;
		vr->rerequest = true;
		return 0;
	}
	if (vr->frozen) {
		/* No virtqueue until restore, which queues it. */
		WARN_ON(!take_cell_put(&vr->parked, buf));
		return 0;
	}
	err = virtio_rng_queue(vr, buf);
	if (err)
		take_cell_put(&vr->buf, buf);
	return err;
}

static int virtio_rng_request(struct kcell_rng_source *src)
{
	struct kcell_rng_virtio *vr =
		container_of(src, struct kcell_rng_virtio, src);
	unsigned long flags;
	int err;

	spin_lock_irqsave(&vr->vq_lock, flags);
	err = virtio_rng_request_locked(vr);
	spin_unlock_irqrestore(&vr->vq_lock, flags);
	return err;
}

static const struct kcell_rng_source_ops virtio_rng_ops = {
	.request = virtio_rng_request,
};

/*
 * Delivers what the device filled, or @err with no bytes, and puts the
 * buffer back in its cell; asks for more if the client wants more or a
 * request came while the bytes were delivered.  The caller set
 * @delivering when it took the buffer from the device (or from @parked).
 */
static void virtio_rng_deliver(struct kcell_rng_virtio *vr,
			       struct kcell_rng_buf *buf, unsigned int len,
			       int err)
{
	struct kcell_rng_source_client *client = NULL;
	unsigned long flags;
	int requeue_err = 0;
	bool more = false;

	/* The device's length is not to be trusted beyond the buffer. */
	len = min_t(unsigned int, len, secret_size(&buf->data));
	if (optional_cell_get(&vr->src.client, &client))
		more = client->bytes_ready(client,
					   err ? NULL : secret_bytes(&buf->data),
					   err ? 0 : len, err);

	spin_lock_irqsave(&vr->vq_lock, flags);
	/* Back to the CPU's cell before anyone may ask for it again. */
	WARN_ON(!take_cell_put(&vr->buf, buf));
	vr->delivering = false;
	more = (more || vr->rerequest) && client;
	vr->rerequest = false;
	/*
	 * Whoever asked keeps its request in flight, so no other request
	 * can take the buffer first: this one answers it, under the same
	 * lock that put the buffer back.
	 */
	if (more)
		requeue_err = virtio_rng_request_locked(vr);
	spin_unlock_irqrestore(&vr->vq_lock, flags);

	if (requeue_err)
		client->bytes_ready(client, NULL, 0, requeue_err);
}

/* Takes a used buffer off the virtqueue for delivery; NULL if none. */
static struct kcell_rng_buf *virtio_rng_used(struct kcell_rng_virtio *vr,
					     unsigned int *len)
{
	struct kcell_rng_buf *buf;
	unsigned long flags;

	spin_lock_irqsave(&vr->vq_lock, flags);
	buf = virtqueue_get_buf(vr->vq, len);
	if (buf)
		vr->delivering = true;
	spin_unlock_irqrestore(&vr->vq_lock, flags);
	return buf;
}

/* The completion: interrupt context. */
static void virtio_rng_done(struct virtqueue *vq)
{
	struct kcell_rng_virtio *vr = vq->vdev->priv;
	struct kcell_rng_buf *buf;
	unsigned int len;

	buf = virtio_rng_used(vr, &len);
	/* Spurious callbacks happen (shared interrupts, virtio_pci). */
	if (buf)
		virtio_rng_deliver(vr, buf, len, 0);
}

/*
 * Stops the device, waits for a callback that may still be running (not
 * every transport's reset does), and deletes the virtqueue.  Return: the
 * buffer the device still held, used (its callback had not run) or not;
 * NULL if it held none, or if there was no virtqueue.
 */
static struct kcell_rng_buf *virtio_rng_stop(struct kcell_rng_virtio *vr)
{
	struct virtio_device *vdev = vr->vdev;
	struct kcell_rng_buf *buf = NULL;
	unsigned long flags;
	unsigned int len;

	virtio_reset_device(vdev);
	if (!vr->vq)
		return NULL;
	virtio_synchronize_cbs(vdev);
	spin_lock_irqsave(&vr->vq_lock, flags);
	buf = virtqueue_get_buf(vr->vq, &len) ?:
	      virtqueue_detach_unused_buf(vr->vq);
	spin_unlock_irqrestore(&vr->vq_lock, flags);
	vdev->config->del_vqs(vdev);
	vr->vq = NULL;
	return buf;
}

/*
 * Buffers allocated and not yet freed: one per device, 0 once every device
 * is gone (debugfs kcell_rng/held_buffers, for the tests).
 */
static atomic_t buf_held = ATOMIC_INIT(0);

static void virtio_rng_buf_free(struct kcell_rng_buf *buf)
{
	if (!buf)
		return;
	/* It held random bytes: erased before the allocator reuses it. */
	kfree_sensitive(buf);
	atomic_dec(&buf_held);
}

static int virtio_rng_probe(struct virtio_device *vdev)
{
	struct kcell_rng_virtio *vr;
	struct kcell_rng_buf *buf;
	int err;

	vr = kzalloc(sizeof(*vr), GFP_KERNEL);
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (buf)
		atomic_inc(&buf_held);
	if (!vr || !buf) {
		err = -ENOMEM;
		goto err_free;
	}
	vr->index = ida_alloc(&kcell_rng_ida, GFP_KERNEL);
	if (vr->index < 0) {
		err = vr->index;
		goto err_free;
	}
	vr->vdev = vdev;
	vr->src.ops = &virtio_rng_ops;
	optional_cell_init(&vr->src.client);
	spin_lock_init(&vr->vq_lock);
	take_cell_init(&vr->buf, buf);
	take_cell_init(&vr->parked, NULL);
	vdev->priv = vr;

	vr->vq = virtio_find_single_vq(vdev, virtio_rng_done, "input");
	if (IS_ERR(vr->vq)) {
		err = PTR_ERR(vr->vq);
		goto err_ida;
	}
	vr->chr = kcell_rng_chr_create(&vr->src, &vdev->dev, vr->index);
	if (IS_ERR(vr->chr)) {
		err = PTR_ERR(vr->chr);
		goto err_vqs;
	}
	virtio_device_ready(vdev);
	return 0;

err_vqs:
	vdev->config->del_vqs(vdev);
err_ida:
	ida_free(&kcell_rng_ida, vr->index);
err_free:
	vdev->priv = NULL;
	virtio_rng_buf_free(buf);
	kfree(vr);
	return err;
}

/* Registration waits for the device to be ready, like virtio-rng's scan. */
static void virtio_rng_scan(struct virtio_device *vdev)
{
	struct kcell_rng_virtio *vr = vdev->priv;
	int err = kcell_rng_chr_register(vr->chr);

	if (err)
		dev_err(&vdev->dev, "cannot register: %d\n", err);
}

static void virtio_rng_remove(struct virtio_device *vdev)
{
	struct kcell_rng_virtio *vr = vdev->priv;
	unsigned long flags;

	/* Readers wake with -ENODEV and ask nothing more of the source. */
	kcell_rng_chr_remove(vr->chr);

	spin_lock_irqsave(&vr->vq_lock, flags);
	vr->gone = true;
	spin_unlock_irqrestore(&vr->vq_lock, flags);

	/* No callback runs after this; the buffer the device held is back. */
	virtio_rng_buf_free(virtio_rng_stop(vr));
	/* Or the buffer is in one of its cells. */
	virtio_rng_buf_free(take_cell_take(&vr->buf));
	virtio_rng_buf_free(take_cell_take(&vr->parked));

	/* Only now, with no completion left to run into it. */
	kcell_rng_chr_put(vr->chr);
	ida_free(&kcell_rng_ida, vr->index);
	kfree(vr);
}

#ifdef CONFIG_PM_SLEEP
/*
 * Suspend: the device is reset and its virtqueue deleted, as virtio-rng
 * does.  The request in flight stays in flight: its buffer, filled or
 * not, waits in @parked for restore.
 */
static int virtio_rng_freeze(struct virtio_device *vdev)
{
	struct kcell_rng_virtio *vr = vdev->priv;
	struct kcell_rng_buf *buf;
	unsigned long flags;

	spin_lock_irqsave(&vr->vq_lock, flags);
	vr->frozen = true;
	spin_unlock_irqrestore(&vr->vq_lock, flags);

	/* Bytes the device gave but nobody collected are dropped. */
	buf = virtio_rng_stop(vr);
	if (buf)
		WARN_ON(!take_cell_put(&vr->parked, buf));
	return 0;
}

/*
 * Resume: a new virtqueue, and the parked buffer (if a request was in
 * flight) given to it.  If there is no virtqueue, the device is gone: the
 * request in flight fails with -ENODEV, and so does every later one, until
 * a later restore succeeds or the device is bound again.  If the device
 * refuses the buffer, the request fails with that error.  The reader
 * waiting for the request is answered either way.
 */
static int virtio_rng_restore(struct virtio_device *vdev)
{
	struct kcell_rng_virtio *vr = vdev->priv;
	struct kcell_rng_buf *buf;
	struct virtqueue *vq;
	unsigned long flags;
	int err = 0;

	vq = virtio_find_single_vq(vdev, virtio_rng_done, "input");
	if (IS_ERR(vq))
		err = PTR_ERR(vq);
	else
		vr->vq = vq;
	if (!err)
		virtio_device_ready(vdev);

	spin_lock_irqsave(&vr->vq_lock, flags);
	vr->frozen = false;
	/* Until a later restore builds one, or the device is unbound. */
	vr->gone = !!err;
	buf = take_cell_take(&vr->parked);
	if (buf && !err)
		err = virtio_rng_queue(vr, buf);
	if (buf && err)
		vr->delivering = true;
	spin_unlock_irqrestore(&vr->vq_lock, flags);
	if (buf && err)
		virtio_rng_deliver(vr, buf, 0, err);
	return err;
}
#endif

static const struct virtio_device_id kcell_rng_id_table[] = {
	{ VIRTIO_ID_RNG, VIRTIO_DEV_ANY_ID },
	{ 0 },
};
MODULE_DEVICE_TABLE(virtio, kcell_rng_id_table);

static struct virtio_driver kcell_rng_driver = {
	.driver.name = KBUILD_MODNAME,
	.id_table = kcell_rng_id_table,
	.probe = virtio_rng_probe,
	.scan = virtio_rng_scan,
	.remove = virtio_rng_remove,
#ifdef CONFIG_PM_SLEEP
	.freeze = virtio_rng_freeze,
	.restore = virtio_rng_restore,
#endif
};

static struct dentry *kcell_rng_debugfs;

static int kcell_rng_get_held_chrs(void *data, u64 *val)
{
	*val = kcell_rng_chr_held();
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(kcell_rng_held_chrs_fops, kcell_rng_get_held_chrs,
			 NULL, "%llu\n");

static int __init kcell_rng_init(void)
{
	int err;

	kcell_rng_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_atomic_t("held_buffers", 0400, kcell_rng_debugfs,
				&buf_held);
	debugfs_create_file_unsafe("held_chrs", 0400, kcell_rng_debugfs, NULL,
				   &kcell_rng_held_chrs_fops);
	err = register_virtio_driver(&kcell_rng_driver);
	if (err)
		debugfs_remove_recursive(kcell_rng_debugfs);
	return err;
}
module_init(kcell_rng_init);

static void __exit kcell_rng_exit(void)
{
	unregister_virtio_driver(&kcell_rng_driver);
	debugfs_remove_recursive(kcell_rng_debugfs);
}
module_exit(kcell_rng_exit);

/* Debug mode: /sys/module/MODULE/parameters/kcell_reports. */
KCELL_REPORTS_PARAM();

MODULE_DESCRIPTION("virtio-rng driver built on kcell ownership cells");
MODULE_AUTHOR("The kcell authors");
MODULE_LICENSE("GPL");
