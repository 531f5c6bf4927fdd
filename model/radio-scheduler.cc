/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "radio-scheduler.h"

#include "ns3/log.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaRadioScheduler");
NS_OBJECT_ENSURE_REGISTERED(RadioScheduler);

TypeId
RadioScheduler::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::RadioScheduler").SetParent<Object>().SetGroupName("LpwaModem");
    return tid;
}

RadioScheduler::RadioScheduler()
{
    NS_LOG_FUNCTION(this);
}

RadioScheduler::~RadioScheduler()
{
    NS_LOG_FUNCTION(this);
}

} // namespace lpwa
} // namespace ns3
