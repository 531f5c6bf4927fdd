/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The smallest lpwa-modem program: it links the library, creates a module clock and reads it
// from events scheduled in simulated time. `make demo` runs it until the flagship scenario
// lands.
//
//   ./build/examples/lpwa-hello --start="26/11/22,10:00:00+00" --interval=90 --count=3

#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/lpwa-modem-module.h"

#include <iostream>

using namespace ns3;

namespace
{

void
PrintReading(Ptr<lpwa::ModuleClock> clock)
{
    std::cout << Simulator::Now().GetSeconds() << " s\t+CCLK: \"" << clock->GetString() << "\""
              << std::endl;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string start = "26/11/22,10:00:00+00";
    double interval = 90.0;
    uint32_t count = 3;

    CommandLine cmd(__FILE__);
    cmd.AddValue("start", "Module clock at t=0, +CCLK format yy/MM/dd,hh:mm:ss+zz", start);
    cmd.AddValue("interval", "Seconds of simulated time between readings (> 0)", interval);
    cmd.AddValue("count", "Number of readings", count);
    cmd.Parse(argc, argv);

    if (!(interval > 0))
    {
        NS_FATAL_ERROR("--interval must be > 0 (got " << interval << ")");
    }
    int64_t unused = 0;
    int32_t zone = 0;
    if (!lpwa::ModuleClock::Parse(start, unused, zone))
    {
        NS_FATAL_ERROR("--start=\"" << start << "\" is not a +CCLK time yy/MM/dd,hh:mm:ss+zz");
    }

    auto clock = CreateObject<lpwa::ModuleClock>();
    clock->SetAttribute("InitialTime", StringValue(start));
    std::cout << "simulated time\tmodule clock" << std::endl;
    for (uint32_t i = 0; i < count; ++i)
    {
        Simulator::Schedule(Seconds(interval * i), &PrintReading, clock);
    }
    Simulator::Run();
    Simulator::Destroy();
    return 0;
}
