/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "retry-policy.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/fatal-error.h"
#include "ns3/log.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaRetryPolicy");
NS_OBJECT_ENSURE_REGISTERED(RetryPolicy);

TypeId
RetryPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::RetryPolicy")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<RetryPolicy>()
            .AddAttribute("Kind",
                          "The backoff algorithm (AWS Architecture Blog, \"Exponential Backoff "
                          "And Jitter\", 2015).",
                          EnumValue(FIXED),
                          MakeEnumAccessor(&RetryPolicy::m_kind),
                          MakeEnumChecker(FIXED,
                                          "fixed",
                                          EXPONENTIAL_JITTER,
                                          "exponential-jitter",
                                          DECORRELATED_JITTER,
                                          "decorrelated-jitter"))
            .AddAttribute("BaseDelay",
                          "The fixed delay, the first window of the exponential kind and the "
                          "lower bound of the decorrelated kind. Default: 10 s, an assumption "
                          "(a typical sketch's delay(10000) between reconnects).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&RetryPolicy::m_base),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxDelay",
                          "The cap of every delay. Default: 300 s, an assumption (the "
                          "modules' default negotiatetime).",
                          TimeValue(Seconds(300)),
                          MakeTimeAccessor(&RetryPolicy::m_cap),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("Multiplier",
                          "Growth factor of the exponential window per retry.",
                          DoubleValue(2.0),
                          MakeDoubleAccessor(&RetryPolicy::m_multiplier),
                          MakeDoubleChecker<double>(1.0));
    return tid;
}

RetryPolicy::RetryPolicy()
{
    m_uniform = CreateObject<UniformRandomVariable>();
}

RetryPolicy::~RetryPolicy() = default;

void
RetryPolicy::DoDispose()
{
    m_uniform = nullptr;
    Object::DoDispose();
}

std::string
RetryPolicy::GetKindName(Kind kind)
{
    switch (kind)
    {
        case FIXED:
            return "fixed";
        case EXPONENTIAL_JITTER:
            return "exponential-jitter";
        case DECORRELATED_JITTER:
            return "decorrelated-jitter";
    }
    NS_FATAL_ERROR("ns3::lpwa::RetryPolicy: Kind " << static_cast<int>(kind) << " unknown");
    return "";
}

RetryPolicy::Kind
RetryPolicy::GetKind() const
{
    return m_kind;
}

uint32_t
RetryPolicy::GetRetryCount() const
{
    return m_retries;
}

void
RetryPolicy::Reset()
{
    m_retries = 0;
    m_previous = Time();
}

Time
RetryPolicy::GetNextDelay()
{
    if (m_base > m_cap)
    {
        NS_FATAL_ERROR("ns3::lpwa::RetryPolicy: BaseDelay "
                       << m_base.As(Time::S) << " exceeds MaxDelay " << m_cap.As(Time::S));
    }
    const double base = m_base.GetSeconds();
    const double cap = m_cap.GetSeconds();
    double delay = base;
    switch (m_kind)
    {
        case FIXED:
            break;
        case EXPONENTIAL_JITTER:
        {
            // Clamp the exponent so that the window never overflows a double.
            const double growth = std::pow(m_multiplier, std::min<uint32_t>(m_retries, 1000));
            const double window = std::isfinite(growth) ? std::min(cap, base * growth) : cap;
            delay = m_uniform->GetValue(0.0, window);
            break;
        }
        case DECORRELATED_JITTER:
        {
            const double previous = m_retries == 0 ? base : m_previous.GetSeconds();
            delay = std::min(cap, m_uniform->GetValue(base, std::max(base, previous * 3.0)));
            break;
        }
    }
    ++m_retries;
    m_previous = Seconds(delay);
    NS_LOG_LOGIC(GetKindName(m_kind) << " retry " << m_retries << ": " << delay << " s");
    return m_previous;
}

int64_t
RetryPolicy::AssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    return 1;
}

} // namespace lpwa
} // namespace ns3
