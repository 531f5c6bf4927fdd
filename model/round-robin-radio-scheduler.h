/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_ROUND_ROBIN_RADIO_SCHEDULER_H
#define LPWA_ROUND_ROBIN_RADIO_SCHEDULER_H

#include "radio-scheduler.h"

#include <deque>
#include <unordered_set>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Round robin: devices are served one transport block at a time in the order they
 *        became ready; a served device with more data goes to the back.
 *
 * Add() and PickNext() are O(1) when the front device is eligible; ineligible devices are
 * rotated to the back (at most one pass). Remove() is O(n), used only on detach.
 */
class RoundRobinRadioScheduler : public RadioScheduler
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RoundRobinRadioScheduler();
    ~RoundRobinRadioScheduler() override;

    void Add(uint32_t device) override;
    void Remove(uint32_t device) override;
    void Clear() override;
    bool PickNext(const Eligibility& eligible, uint32_t* device) override;
    uint32_t GetWaitingCount() const override;
    bool IsWaiting(uint32_t device) const override;

  private:
    std::deque<uint32_t> m_queue;          //!< devices in service order
    std::unordered_set<uint32_t> m_queued; //!< the same devices, for membership
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_ROUND_ROBIN_RADIO_SCHEDULER_H
