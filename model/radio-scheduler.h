/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_RADIO_SCHEDULER_H
#define LPWA_RADIO_SCHEDULER_H

#include "ns3/object.h"

#include <cstdint>
#include <functional>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Decides which device a cell's uplink or downlink serves next.
 *
 * A RadioCellNetDevice owns one scheduler per direction, made by its `Scheduler` attribute
 * (an ObjectFactory). The cell Add()s a device when it has a transfer ready to send and no
 * transport block in flight in that direction; PickNext() takes one device out, the cell sends
 * one transport block for it and Add()s it again if more is ready. Devices are identified by
 * the cell's device index. Subclasses implement the policy (RoundRobinRadioScheduler).
 */
class RadioScheduler : public Object
{
  public:
    /// Whether a device may be served now (false e.g. for a half-duplex device receiving).
    using Eligibility = std::function<bool(uint32_t)>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RadioScheduler();
    ~RadioScheduler() override;

    /**
     * \brief A device has data ready. Adding a device already present is a wrong use
     *        (NS_FATAL_ERROR in subclasses).
     * \param device the cell's device index
     */
    virtual void Add(uint32_t device) = 0;
    /**
     * \brief Forget a device (detached, cell down). Does nothing if absent.
     * \param device the cell's device index
     */
    virtual void Remove(uint32_t device) = 0;
    /// \brief Forget every device.
    virtual void Clear() = 0;
    /**
     * \brief Take out the next device to serve.
     * \param eligible which devices may be served now; the others stay queued
     * \param device set to the chosen device
     * \return false if no queued device is eligible
     */
    virtual bool PickNext(const Eligibility& eligible, uint32_t* device) = 0;
    /// \brief \return the number of devices waiting
    virtual uint32_t GetWaitingCount() const = 0;
    /**
     * \brief Get whether a device is waiting.
     * \param device the cell's device index
     * \return true if queued
     */
    virtual bool IsWaiting(uint32_t device) const = 0;
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_RADIO_SCHEDULER_H
