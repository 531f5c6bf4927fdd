/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_RANDOM_ACCESS_CHANNEL_H
#define LPWA_RANDOM_ACCESS_CHANNEL_H

#include "radio-technology.h"

#include "ns3/event-id.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The random-access channel of one cell (PRACH / NPRACH) with contention.
 *
 * Each coverage class has periodic opportunities (`prachPeriod`, aligned to simulated time 0)
 * and a finite number of preambles. A device that requests access joins the next opportunity
 * of its class and picks a preamble uniformly. A preamble picked by exactly one device
 * succeeds: the device learns it `preambleDuration + raResponseDelay` after the opportunity.
 * A preamble picked by two or more devices collides for all of them (no capture; contention
 * resolution is not modelled separately); they learn it at the same instant, back off
 * uniformly in [0, `maxBackoff`] and join the next opportunity after that. After
 * `maxRaAttempts` attempts in a class a device moves to the next class (escalation); after
 * the last class it fails.
 *
 * An opportunity event is scheduled only while some device waits for that class.
 */
class RandomAccessChannel : public Object
{
  public:
    /// The result for a device: device index, success, the coverage class it ended in.
    using ResultCallback = std::function<void(uint32_t, bool, uint32_t)>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RandomAccessChannel();
    ~RandomAccessChannel() override;

    /**
     * \brief Set the technology (its coverage classes' random-access parameters).
     * \param technology the technology
     */
    void SetTechnology(const RadioTechnology& technology);
    /**
     * \brief Set who is told the result of each access.
     * \param cb the callback
     */
    void SetResultCallback(ResultCallback cb);
    /**
     * \brief Start a random access. A device already in random access is a wrong use.
     * \param device the cell's device index
     * \param level the coverage class to start in
     */
    void Request(uint32_t device, uint32_t level);
    /**
     * \brief Abandon a device's access (detach); no result is reported.
     * \param device the cell's device index
     */
    void Cancel(uint32_t device);
    /// \brief Abandon every access (cell down).
    void CancelAll();
    /**
     * \brief Get whether a device is in random access.
     * \param device the cell's device index
     * \return true between Request() and the result
     */
    bool IsActive(uint32_t device) const;

    /**
     * \brief Use fixed random streams.
     * \param stream the first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /// \brief \return preamble transmissions so far
    uint64_t GetAttemptCount() const;
    /// \brief \return preamble transmissions that collided
    uint64_t GetCollisionCount() const;
    /// \brief \return accesses that succeeded
    uint64_t GetSuccessCount() const;
    /// \brief \return accesses that failed after the last class's attempts
    uint64_t GetFailureCount() const;
    /// \brief \return moves to a higher coverage class
    uint64_t GetEscalationCount() const;
    /// \brief \return opportunities that had at least one contender
    uint64_t GetOpportunityCount() const;

    /// TracedCallback signature: coverage class, contenders, collided, succeeded.
    typedef void (*OpportunityTracedCallback)(uint32_t level,
                                              uint32_t contenders,
                                              uint32_t collided,
                                              uint32_t succeeded);

  protected:
    void DoDispose() override;

  private:
    /// A device waiting for an opportunity.
    struct Contender
    {
        uint32_t device;   //!< device index
        uint32_t token;    //!< matches m_active while the access is current
        uint32_t attempts; //!< attempts made in this class
    };

    void Join(uint32_t level, Contender c);
    void Opportunity(uint32_t level);
    void Collided(uint32_t level, Contender c);
    void Finish(uint32_t device, uint32_t token, bool success, uint32_t level);
    bool IsCurrent(const Contender& c) const;

    RadioTechnology m_technology;                    //!< parameters
    ResultCallback m_result;                         //!< result sink
    std::vector<std::vector<Contender>> m_waiting;   //!< per class, next opportunity
    std::vector<EventId> m_events;                   //!< per class, next opportunity
    std::unordered_map<uint32_t, uint32_t> m_active; //!< device -> token
    uint32_t m_nextToken{1};                         //!< token source
    Ptr<UniformRandomVariable> m_rng;                //!< preamble and backoff choices
    std::vector<uint16_t> m_picks;                   //!< scratch: contenders per preamble
    uint64_t m_attempts{0};                          //!< counter
    uint64_t m_collisions{0};                        //!< counter
    uint64_t m_successes{0};                         //!< counter
    uint64_t m_failures{0};                          //!< counter
    uint64_t m_escalations{0};                       //!< counter
    uint64_t m_opportunities{0};                     //!< counter
    TracedCallback<uint32_t, uint32_t, uint32_t, uint32_t> m_opportunityTrace; //!< trace
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_RANDOM_ACCESS_CHANNEL_H
