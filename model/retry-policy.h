/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_RETRY_POLICY_H
#define LPWA_RETRY_POLICY_H

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief How long a host waits before it tries again after a failed or lost connection.
 *
 * Three kinds (`Kind` attribute), as described in the AWS Architecture Blog article
 * "Exponential Backoff And Jitter" (M. Brooker, 2015), each capped at `MaxDelay`:
 *  - FIXED: always `BaseDelay` (what TinyGSM-style drivers do: no backoff);
 *  - EXPONENTIAL_JITTER ("full jitter"): uniform in [0, min(MaxDelay, BaseDelay *
 *    Multiplier^n)] for the n-th retry (n = 0, 1, ...);
 *  - DECORRELATED_JITTER: min(MaxDelay, uniform in [BaseDelay, 3 * previous delay]), starting
 *    from previous = BaseDelay.
 *
 * Reset() (called after a successful connection) starts the sequence again. Every draw comes
 * from one UniformRandomVariable, so AssignStreams() fixes the sequence.
 */
class RetryPolicy : public Object
{
  public:
    /// The backoff algorithm.
    enum Kind
    {
        FIXED,               //!< always BaseDelay
        EXPONENTIAL_JITTER,  //!< full jitter over an exponentially growing window
        DECORRELATED_JITTER, //!< uniform between BaseDelay and three times the previous delay
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RetryPolicy();
    ~RetryPolicy() override;

    /**
     * \brief Draw the delay before the next retry and count the retry.
     * \return the delay, in [0, MaxDelay]
     */
    Time GetNextDelay();

    /// \brief Start the sequence again (after a connection succeeded).
    void Reset();

    /**
     * \brief Get the number of delays drawn since the last Reset().
     * \return the retry count
     */
    uint32_t GetRetryCount() const;

    /**
     * \brief Get the kind of backoff.
     * \return the `Kind` attribute
     */
    Kind GetKind() const;

    /**
     * \brief Get the name of a kind ("fixed", "exponential-jitter", "decorrelated-jitter").
     * \param kind the kind
     * \return its name
     */
    static std::string GetKindName(Kind kind);

    /**
     * \brief Use a fixed random stream.
     * \param stream the stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    Kind m_kind{FIXED};                   //!< Kind attribute
    Time m_base;                          //!< BaseDelay attribute
    Time m_cap;                           //!< MaxDelay attribute
    double m_multiplier{2.0};             //!< Multiplier attribute
    uint32_t m_retries{0};                //!< delays drawn since Reset()
    Time m_previous;                      //!< last delay (decorrelated jitter)
    Ptr<UniformRandomVariable> m_uniform; //!< jitter
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_RETRY_POLICY_H
