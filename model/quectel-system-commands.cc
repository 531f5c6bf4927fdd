/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "quectel-system-commands.h"

#include "at-engine.h"
#include "lpwa-module.h"
#include "module-clock.h"

#include "ns3/log.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaQuectelSystemCommands");
NS_OBJECT_ENSURE_REGISTERED(QuectelSystemCommands);

TypeId
QuectelSystemCommands::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::QuectelSystemCommands")
                            .SetParent<AtCommandSet>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<QuectelSystemCommands>();
    return tid;
}

QuectelSystemCommands::QuectelSystemCommands()
{
    NS_LOG_FUNCTION(this);
}

QuectelSystemCommands::~QuectelSystemCommands()
{
    NS_LOG_FUNCTION(this);
}

void
QuectelSystemCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this << module);
    m_module = module;
    Ptr<AtEngine> engine = module->GetAtEngine();
    engine->RegisterCommand("+CCLK",
                            [this](const AtCommand& c)
                            {
                                HandleCclk(c);
                            });
    engine->RegisterCommand("+QIGETERROR",
                            [this](const AtCommand& c)
                            {
                                HandleQigeterror(c);
                            });
    engine->RegisterCommand("+CFUN",
                            [this](const AtCommand& c)
                            {
                                HandleCfun(c);
                            });
}

void
QuectelSystemCommands::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

uint8_t
QuectelSystemCommands::GetFunctionality() const
{
    return m_fun;
}

std::string
QuectelSystemCommands::GetErrorDescription(uint32_t code)
{
    // Table 5 of the SSL application note; the engine's CME table has 0 as 3GPP's "phone
    // failure", so 0 is worded here.
    return code == 0 ? std::string("Operation successful") : AtEngine::GetCmeErrorText(code);
}

void
QuectelSystemCommands::HandleCclk(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    switch (command.GetForm())
    {
        case AtCommand::TEST:
            engine->FinishOk();
            return;
        case AtCommand::READ:
            engine->SendInfo("+CCLK: \"" + m_module->GetClock()->GetString() + "\"");
            engine->FinishOk();
            return;
        case AtCommand::WRITE:
            if (command.GetParameterCount() == 1 && command.GetParameter(0).IsString() &&
                m_module->GetClock()->SetFromString(command.GetParameter(0).GetText()))
            {
                engine->FinishOk();
                return;
            }
            break;
        case AtCommand::EXECUTE:
            break;
    }
    engine->FinishError();
}

void
QuectelSystemCommands::HandleQigeterror(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (command.GetForm() == AtCommand::TEST)
    {
        engine->FinishOk();
        return;
    }
    if (command.GetForm() != AtCommand::EXECUTE)
    {
        engine->FinishError();
        return;
    }
    uint32_t code = m_module->GetLastError();
    engine->SendInfo("+QIGETERROR: " + std::to_string(code) + "," + GetErrorDescription(code));
    engine->FinishOk();
}

void
QuectelSystemCommands::HandleCfun(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    switch (command.GetForm())
    {
        case AtCommand::TEST:
            engine->SendInfo("+CFUN: (0,1,4),(0,1)");
            engine->FinishOk();
            return;
        case AtCommand::READ:
            engine->SendInfo("+CFUN: " + std::to_string(m_fun));
            engine->FinishOk();
            return;
        case AtCommand::WRITE:
        {
            int64_t fun = 0;
            int64_t rst = 0;
            const AtParameter& rstParam = command.GetParameter(1);
            if (command.GetParameterCount() <= 2 && command.GetParameter(0).GetInteger(fun, 0, 4) &&
                (fun == 0 || fun == 1 || fun == 4) &&
                (rstParam.IsOmitted() || rstParam.GetInteger(rst, 0, 1)))
            {
                m_fun = static_cast<uint8_t>(fun);
                NS_LOG_INFO("CFUN=" << fun);
                engine->FinishOk();
                return;
            }
            break;
        }
        case AtCommand::EXECUTE:
            break;
    }
    engine->FinishError();
}

} // namespace lpwa
} // namespace ns3
