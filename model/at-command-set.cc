/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-command-set.h"

namespace ns3
{
namespace lpwa
{

NS_OBJECT_ENSURE_REGISTERED(AtCommandSet);

TypeId
AtCommandSet::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::AtCommandSet").SetParent<Object>().SetGroupName("LpwaModem");
    return tid;
}

int64_t
AtCommandSet::AssignStreams(int64_t /* stream */)
{
    return 0;
}

void
AtCommandSet::PowerOff()
{
}

void
AtCommandSet::PowerOn()
{
}

} // namespace lpwa
} // namespace ns3
