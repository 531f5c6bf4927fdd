/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// RadioEnergyModel, RadioEnergyProfile and RadioEnergyHelper: per-state current draw of a
// RadioUeNetDevice from an ns-3 energy source, and the energy of one message compared with
// Røstad 2020 (doc/lpwa-modem.rst, "Radio access model", "Energy").

#include "radio-test-scenario.h"

#include "ns3/basic-energy-source.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/energy-source-container.h"
#include "ns3/radio-energy-helper.h"
#include "ns3/radio-energy-model.h"
#include "ns3/radio-energy-profile.h"
#include "ns3/string.h"

#include <gtest/gtest.h>
#include <iostream>
#include <numeric>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

/// A scenario with energy models on every device.
struct EnergyScenario
{
    RadioScenario radio;               //!< cell, devices, UDP server
    RadioEnergyHelper energy;          //!< energy helper
    DeviceEnergyModelContainer models; //!< one per device

    /// Build the cell and install the models.
    void Build(const std::string& technology, uint32_t count)
    {
        radio.Build(technology, count);
        radio.AddServer(false);
        models = energy.Install(radio.nodes);
    }

    /// Model of device i.
    Ptr<RadioEnergyModel> Model(uint32_t i) const
    {
        return DynamicCast<RadioEnergyModel>(models.Get(i));
    }
};

/// Remember when a model enters a state (first time).
struct StateClock
{
    RadioEnergyModel::State watched; //!< the state
    Time entered{Seconds(-1)};       //!< first entry
    double energyAtEntry{0};         //!< total energy then
    Ptr<RadioEnergyModel> model;     //!< the model

    /// StateTransition sink.
    void Transition(RadioEnergyModel::State /* from */, RadioEnergyModel::State to)
    {
        if (to == watched && entered.IsNegative())
        {
            entered = Simulator::Now();
            energyAtEntry = model->GetTotalEnergyConsumption();
        }
    }
};

double
Sum(const std::vector<double>& v)
{
    return std::accumulate(v.begin(), v.end(), 0.0);
}

} // namespace

TEST(RadioEnergy, TransitionTableReachesEveryStateAndReturns)
{
    const auto& table = RadioEnergyModel::GetTransitionTable();
    EXPECT_TRUE(table.AllReachableAndReturnable(RadioEnergyModel::OFF));
    EXPECT_TRUE(table.IsReachable(RadioEnergyModel::PSM, RadioEnergyModel::TX));
    EXPECT_FALSE(table.IsAllowed(RadioEnergyModel::PSM, RadioEnergyModel::TX));
    EXPECT_EQ(RadioEnergyModel::GetStateName(RadioEnergyModel::RANDOM_ACCESS), "RANDOM_ACCESS");
}

// The two-point fit of the nRF9160 eDRX figures reproduces both published points.
TEST(RadioEnergy, ProfileIdleCurrentReproducesNrf9160EdrxFigures)
{
    const RadioEnergyProfile nb = RadioEnergyProfile::Nrf9160CatNb1();
    const Time drx = MilliSeconds(2560);
    const Time ptw = MilliSeconds(2560);
    EXPECT_NEAR(nb.GetIdleCurrent(drx, MilliSeconds(81920), ptw), 37e-6, 1e-9);
    EXPECT_NEAR(nb.GetIdleCurrent(drx, MilliSeconds(655360), ptw), 9e-6, 1e-9);
    const RadioEnergyProfile m1 = RadioEnergyProfile::Nrf9160CatM1();
    EXPECT_NEAR(m1.GetIdleCurrent(drx, MilliSeconds(81920), ptw), 18e-6, 1e-9);
    // Two paging occasions per window when the DRX cycle is half the window.
    EXPECT_GT(m1.GetIdleCurrent(MilliSeconds(1280), MilliSeconds(81920), ptw), 18e-6 + 1e-6);
    // Plain DRX draws far more than eDRX.
    EXPECT_GT(nb.GetIdleCurrent(drx, Time(), ptw), 20 * 37e-6);
    bool known = true;
    RadioEnergyProfile::FromName("BG95-unknown", &known);
    EXPECT_FALSE(known);
    EXPECT_EQ(RadioEnergyProfile::ForTechnology("Cat-NB2").GetName(), "nRF9160-Cat-NB1");
    EXPECT_EQ(RadioEnergyProfile::ForTechnology("Cat-M1").GetName(), "nRF9160-Cat-M1");
}

// A device in PSM for an hour draws the PSM current times the time, and the source agrees.
TEST(RadioEnergy, PsmHourDrawsPsmCurrent)
{
    EnergyScenario s;
    s.radio.EnablePsm(Seconds(10), Seconds(0));
    s.Build("Cat-M1", 1);
    Ptr<RadioEnergyModel> model = s.Model(0);
    StateClock psm{RadioEnergyModel::PSM};
    psm.model = model;
    model->TraceConnectWithoutContext("StateTransition",
                                      MakeCallback(&StateClock::Transition, &psm));
    Simulator::Stop(Seconds(4000));
    Simulator::Run();
    ASSERT_GE(psm.entered, Seconds(0));
    ASSERT_LT(psm.entered, Seconds(100));
    EXPECT_EQ(model->GetState(), RadioEnergyModel::PSM);
    const double inPsm = (Seconds(4000) - psm.entered).GetSeconds();
    const double expected = 2.7e-6 * 3.6 * inPsm;
    const double atHour = model->GetTotalEnergyConsumption() - psm.energyAtEntry;
    std::cout << "PSM " << inPsm << " s: " << atHour * 1e3 << " mJ (expected " << expected * 1e3
              << " mJ)" << std::endl;
    EXPECT_NEAR(atHour, expected, expected * 1e-6);
    EXPECT_NEAR(model->GetEnergyPerState()[RadioEnergyModel::PSM], expected, expected * 1e-6);
    Ptr<EnergySource> source = s.radio.nodes.Get(0)->GetObject<EnergySourceContainer>()->Get(0);
    EXPECT_NEAR(source->GetInitialEnergy() - source->GetRemainingEnergy(),
                model->GetTotalEnergyConsumption(),
                1e-6);
    RadioScenario::Destroy();
}

// While connected, the device draws the TX current exactly during its uplink airtime.
TEST(RadioEnergy, ConnectedSendDrawsTxCurrentDuringItsAirtime)
{
    EnergyScenario s;
    s.radio.helper.SetDeviceAttribute("Mcl", DoubleValue(150));
    s.Build("Cat-NB1", 1);
    Ptr<RadioEnergyModel> model = s.Model(0);
    Time uplinkAirtime;
    std::vector<double> currentsInTx;
    s.radio.Ue(0)->TraceConnectWithoutContext("Airtime",
                                              Callback<void, bool, Time>(
                                                  [&](bool uplink, Time airtime)
                                                  {
                                                      if (uplink && Simulator::Now() > Seconds(29))
                                                      {
                                                          uplinkAirtime += airtime;
                                                      }
                                                  }));
    model->TraceConnectWithoutContext(
        "StateTransition",
        Callback<void, RadioEnergyModel::State, RadioEnergyModel::State>(
            [&](RadioEnergyModel::State, RadioEnergyModel::State to)
            {
                if (to == RadioEnergyModel::TX)
                {
                    currentsInTx.push_back(model->GetCurrentA());
                }
            }));
    std::vector<Time> txBefore;
    double txEnergyBefore = 0;
    Simulator::Schedule(Seconds(29),
                        [&]()
                        {
                            ASSERT_EQ(s.radio.Ue(0)->GetState(), RadioUeNetDevice::CONNECTED);
                            txBefore = model->GetTimePerState();
                            txEnergyBefore = model->GetEnergyPerState()[RadioEnergyModel::TX];
                        });
    s.radio.SendAt(Seconds(29) + MilliSeconds(1), 0, 512);
    s.radio.SendAt(Seconds(20), 0, 16); // keeps it connected until 29 s
    Simulator::Stop(Seconds(33));
    Simulator::Run();
    ASSERT_FALSE(txBefore.empty());
    const Time tx = model->GetTimePerState()[RadioEnergyModel::TX] - txBefore[RadioEnergyModel::TX];
    const double txEnergy = model->GetEnergyPerState()[RadioEnergyModel::TX] - txEnergyBefore;
    std::cout << "512 B uplink at ECL1: TX " << tx.As(Time::MS) << ", " << txEnergy * 1e3 << " mJ"
              << std::endl;
    EXPECT_GT(tx, MilliSeconds(50));
    EXPECT_EQ(tx, uplinkAirtime);
    EXPECT_NEAR(txEnergy, tx.GetSeconds() * 105e-3 * 3.6, 1e-9);
    ASSERT_FALSE(currentsInTx.empty());
    for (double a : currentsInTx)
    {
        EXPECT_DOUBLE_EQ(a, 105e-3);
    }
    RadioScenario::Destroy();
}

// Two idle devices, one with eDRX: eDRX idle draws less, and matches the datasheet figure.
TEST(RadioEnergy, EdrxIdleDrawsLessThanDrxIdle)
{
    EnergyScenario s;
    s.radio.Build("Cat-NB1", 2);
    s.radio.Ue(1)->SetAttribute("EdrxCycle", TimeValue(MilliSeconds(81920)));
    s.models = s.energy.Install(s.radio.nodes);
    Simulator::Stop(Seconds(3600));
    Simulator::Run();
    double perSecond[2];
    for (uint32_t i = 0; i < 2; ++i)
    {
        const auto e = s.Model(i)->GetEnergyPerState()[RadioEnergyModel::IDLE];
        const auto t = s.Model(i)->GetTimePerState()[RadioEnergyModel::IDLE];
        ASSERT_GT(t, Seconds(3000));
        perSecond[i] = e / t.GetSeconds();
    }
    std::cout << "idle: DRX 2.56 s " << perSecond[0] / 3.6 * 1e6 << " uA, eDRX 81.92 s "
              << perSecond[1] / 3.6 * 1e6 << " uA" << std::endl;
    EXPECT_LT(perSecond[1] * 10, perSecond[0]);
    EXPECT_NEAR(perSecond[1] / 3.6, 37e-6, 1e-9);
    RadioScenario::Destroy();
}

// Per-state energies add up to the total, and the source drained exactly that.
TEST(RadioEnergy, EnergyPerStateSumsToTotalAndToSourceDrain)
{
    EnergyScenario s;
    s.radio.EnablePsm(Seconds(20));
    s.Build("Cat-NB1", 3);
    for (uint32_t i = 0; i < 3; ++i)
    {
        s.radio.SendAt(Seconds(100 + 10 * i), i, 200);
        s.radio.SendAt(Seconds(300), i, 50);
    }
    Simulator::Stop(Seconds(600));
    Simulator::Run();
    for (uint32_t i = 0; i < 3; ++i)
    {
        Ptr<RadioEnergyModel> m = s.Model(i);
        const std::vector<double> perState = m->GetEnergyPerState();
        const double total = m->GetTotalEnergyConsumption();
        EXPECT_NEAR(Sum(perState), total, total * 1e-12);
        for (auto st : {RadioEnergyModel::SEARCH,
                        RadioEnergyModel::RANDOM_ACCESS,
                        RadioEnergyModel::CONNECTED,
                        RadioEnergyModel::TX,
                        RadioEnergyModel::RX,
                        RadioEnergyModel::IDLE,
                        RadioEnergyModel::PSM})
        {
            EXPECT_GT(perState[st], 0) << RadioEnergyModel::GetStateName(st);
        }
        Ptr<EnergySource> source = s.radio.nodes.Get(i)->GetObject<EnergySourceContainer>()->Get(0);
        source->UpdateEnergySource();
        EXPECT_NEAR(source->GetInitialEnergy() - source->GetRemainingEnergy(), total, 1e-6);
    }
    RadioScenario::Destroy();
}

// A small source runs out: the ns-3 depletion callback fires, the model reports it, the device
// is detached and no more energy is drawn.
TEST(RadioEnergy, DepletedSourceStopsTheDevice)
{
    EnergyScenario s;
    s.energy.SetSourceAttribute("BasicEnergySourceInitialEnergyJ", DoubleValue(2.0));
    s.energy.SetSourceAttribute("PeriodicEnergyUpdateInterval", TimeValue(Seconds(1)));
    // Declare depletion at 0 J rather than at BasicEnergySource's default 10 % threshold.
    s.energy.SetSourceAttribute("BasicEnergyLowBatteryThreshold", DoubleValue(0));
    s.Build("Cat-NB1", 1);
    Ptr<RadioEnergyModel> model = s.Model(0);
    Time depletedAt = Seconds(-1);
    model->TraceConnectWithoutContext("EnergyDepleted",
                                      Callback<void>(
                                          [&]()
                                          {
                                              depletedAt = Simulator::Now();
                                          }));
    for (int t = 5; t < 200; t += 5)
    {
        s.radio.SendAt(Seconds(t), 0, 100); // stays connected: ~35 mA at 3.6 V
    }
    double atDepletion = 0;
    Simulator::Schedule(Seconds(60),
                        [&]()
                        {
                            atDepletion = model->GetTotalEnergyConsumption();
                        });
    Simulator::Stop(Seconds(300));
    Simulator::Run();
    std::cout << "2 J source depleted at " << depletedAt.As(Time::S) << std::endl;
    ASSERT_GT(depletedAt, Seconds(0));
    EXPECT_LT(depletedAt, Seconds(60));
    EXPECT_TRUE(model->IsDepleted());
    EXPECT_EQ(model->GetState(), RadioEnergyModel::DEPLETED);
    EXPECT_EQ(s.radio.Ue(0)->GetState(), RadioUeNetDevice::DETACHED);
    EXPECT_GE(model->GetTotalEnergyConsumption(), 2.0);
    EXPECT_LT(model->GetTotalEnergyConsumption(), 2.0 + 0.2); // <= one update interval late
    EXPECT_DOUBLE_EQ(model->GetTotalEnergyConsumption(), atDepletion);
    EXPECT_EQ(model->GetCurrentA(), 0);
    RadioScenario::Destroy();
}

namespace
{

/// Charge (C) of one 584-byte UDP message sent from PSM, until the device is idle again.
double
MessageCharge(bool rai)
{
    EnergyScenario s;
    // The currents were calibrated on the ideal network's timeline; Røstad's network (Telenor)
    // is not the one the live preset stands for (doc/, Energy).
    s.radio.helper.SetNetworkPreset("3gpp-evaluation");
    s.radio.helper.SetDeviceAttribute("Mcl", DoubleValue(140));
    s.radio.EnablePsm(Seconds(0));
    s.radio.helper.SetDeviceAttribute("ReleaseAssistance", BooleanValue(rai));
    s.Build("Cat-NB1", 1);
    Ptr<RadioEnergyModel> model = s.Model(0);
    double before = 0;
    double after = 0;
    Simulator::Schedule(Seconds(100),
                        [&]()
                        {
                            before = model->GetTotalEnergyConsumption();
                        });
    s.radio.SendAt(Seconds(100), 0, 584);
    Simulator::Schedule(Seconds(140),
                        [&]()
                        {
                            EXPECT_EQ(model->GetState(), RadioEnergyModel::PSM);
                            // PSM current from entry to 140 s is part of "after"; remove it.
                            after = model->GetTotalEnergyConsumption();
                        });
    StateClock psm{RadioEnergyModel::PSM};
    psm.model = model;
    Simulator::Schedule(Seconds(100),
                        [&]()
                        {
                            model->TraceConnectWithoutContext(
                                "StateTransition",
                                MakeCallback(&StateClock::Transition, &psm));
                        });
    Simulator::Stop(Seconds(141));
    Simulator::Run();
    EXPECT_GT(psm.entered, Seconds(100));
    const double charge = (psm.energyAtEntry - before) / 3.6;
    std::cout << "584 B from PSM, NB-IoT ECL0, " << (rai ? "RAI" : "12 s tail") << ": "
              << charge * 1e3 << " mC over " << (psm.entered - Seconds(100)).As(Time::S)
              << std::endl;
    EXPECT_GT(after, psm.energyAtEntry);
    RadioScenario::Destroy();
    return charge;
}

} // namespace

// Røstad 2020 (nRF9160, Cat-NB1, 3.7 V, CoAP/DTLS 584 B, hourly from PSM): 395.03 mC per
// event with a 12 s inactivity tail, 28.15 mC with RAI. The model's tail current is derived
// from the difference of the two, so the no-RAI figure is matched by construction; the RAI
// figure is not reproducible by any constant tail current (doc/ explains).
TEST(RadioEnergy, EnergyPerMessageComparedWithRostad)
{
    const double tail = MessageCharge(false);
    const double rai = MessageCharge(true);
    EXPECT_NEAR(tail, 395.03e-3, 395.03e-3 * 0.15);
    EXPECT_LT(rai, tail / 5);
    EXPECT_GT(rai, 28.15e-3);
    EXPECT_LT(rai, 28.15e-3 * 3);
}
