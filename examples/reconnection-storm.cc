/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The reconnection storm: a fleet of modelled modules, each driven by a host firmware over its
// UART, connects over TLS through modelled cells to one TLS server, exchanges data; the cells
// fail, return, and the fleet reconnects. Options: --help. Outputs in --out-dir (see
// doc/lpwa-modem.rst, "Reconnection storm"): connections.csv, timeline.csv, energy.csv,
// summary.json, plots.

#include "ns3/storm-output-writer.h"
#include "ns3/storm-progress.h"
#include "ns3/storm-scenario.h"

#include <iostream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

int
main(int argc, char* argv[])
{
    StormScenario::Options options;
    std::string error;
    if (!StormScenario::ParseArguments(std::vector<std::string>(argv, argv + argc), options, error))
    {
        std::cerr << "reconnection-storm: " << error << std::endl;
        return 2;
    }
    StormScenario storm;
    StormProgress progress(std::cerr, options.duration);
    if (options.progress)
    {
        storm.SetTick(
            [&progress](uint32_t second)
            {
                progress.Tick(second);
            });
    }
    storm.Build(options);
    storm.Run();
    StormOutputWriter writer(storm);
    if (!writer.Write(options.outDir, error))
    {
        std::cerr << "reconnection-storm: " << error << std::endl;
        return 1;
    }
    writer.PrintSummary(std::cout);
    std::string message;
    writer.RenderPlots(options.outDir, message);
    std::cout << message << "\noutputs: " << options.outDir << std::endl;
    if (options.progress)
    {
        std::cerr << "storm: done in " << progress.GetWallSeconds() << " s wall" << std::endl;
    }
    return 0;
}
