/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "quectel-file-commands.h"

#include "lpwa-module.h"
#include "module-file-system.h"

#include "ns3/log.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaQuectelFileCommands");
NS_OBJECT_ENSURE_REGISTERED(QuectelFileCommands);

namespace
{

/**
 * The CME error code of a failed file system operation (Quectel FILE application note).
 * \param result the result, not OK
 * \return the code
 */
uint32_t
CmeCode(ModuleFileSystem::Result result)
{
    switch (result)
    {
        case ModuleFileSystem::Result::NOT_FOUND:
            return 405;
        case ModuleFileSystem::Result::NO_SPACE:
            return 403;
        case ModuleFileSystem::Result::INVALID_NAME:
            return 406;
        case ModuleFileSystem::Result::TOO_MANY_FILES:
            return 420;
        case ModuleFileSystem::Result::ALREADY_EXISTS:
            return 407;
        case ModuleFileSystem::Result::OK:
            break;
    }
    return 400;
}

} // namespace

constexpr uint32_t QuectelFileCommands::DEFAULT_UPLOAD_SIZE;
constexpr uint32_t QuectelFileCommands::DEFAULT_UPLOAD_TIMEOUT;

TypeId
QuectelFileCommands::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::QuectelFileCommands")
                            .SetParent<AtCommandSet>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<QuectelFileCommands>();
    return tid;
}

QuectelFileCommands::QuectelFileCommands()
{
    NS_LOG_FUNCTION(this);
}

QuectelFileCommands::~QuectelFileCommands()
{
    NS_LOG_FUNCTION(this);
}

void
QuectelFileCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this << module);
    m_module = module;
    Ptr<AtEngine> engine = module->GetAtEngine();
    engine->RegisterCommand("+QFUPL",
                            [this](const AtCommand& c)
                            {
                                HandleQfupl(c);
                            });
    engine->RegisterCommand("+QFDEL",
                            [this](const AtCommand& c)
                            {
                                HandleQfdel(c);
                            });
    engine->RegisterCommand("+QFLST",
                            [this](const AtCommand& c)
                            {
                                HandleQflst(c);
                            });
    engine->RegisterCommand("+QFLDS",
                            [this](const AtCommand& c)
                            {
                                HandleQflds(c);
                            });
}

void
QuectelFileCommands::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

void
QuectelFileCommands::HandleQfupl(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    Ptr<ModuleFileSystem> fs = m_module->GetFileSystem();
    if (command.GetForm() == AtCommand::TEST)
    {
        engine->FinishOk();
        return;
    }
    int64_t size = DEFAULT_UPLOAD_SIZE;
    int64_t timeout = DEFAULT_UPLOAD_TIMEOUT;
    int64_t ackMode = 0;
    const AtParameter& sizeParam = command.GetParameter(1);
    const AtParameter& timeoutParam = command.GetParameter(2);
    const AtParameter& ackParam = command.GetParameter(3);
    if (command.GetForm() != AtCommand::WRITE || command.GetParameterCount() > 4 ||
        !command.GetParameter(0).IsString() ||
        (!sizeParam.IsOmitted() && !sizeParam.GetInteger(size, 1, UINT32_MAX)) ||
        (!timeoutParam.IsOmitted() && !timeoutParam.GetInteger(timeout, 1, 65535)) ||
        (!ackParam.IsOmitted() && !ackParam.GetInteger(ackMode, 0, 0)))
    {
        engine->FinishError();
        return;
    }
    const std::string name = command.GetParameter(0).GetText();
    if (!fs->IsValidName(name))
    {
        engine->FinishCmeError(406);
        return;
    }
    if (fs->Exists(name))
    {
        engine->FinishCmeError(407);
        return;
    }
    // An explicit size must fit now; the default size is only an upper bound.
    if (!sizeParam.IsOmitted() && static_cast<uint64_t>(size) > fs->GetFreeSpace())
    {
        engine->FinishCmeError(403);
        return;
    }
    engine->BeginUpload(static_cast<uint32_t>(size),
                        Seconds(timeout),
                        [this, name](AtEngine::InputEnd end, const std::string& data)
                        {
                            UploadDone(name, end, data);
                        });
}

void
QuectelFileCommands::UploadDone(const std::string& name,
                                AtEngine::InputEnd end,
                                const std::string& data)
{
    NS_LOG_FUNCTION(this << name << end << data.size());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (end == AtEngine::INPUT_TIMEOUT && data.empty())
    {
        engine->FinishCmeError(421);
        return;
    }
    std::vector<uint8_t> bytes(data.begin(), data.end());
    ModuleFileSystem::Result result = m_module->GetFileSystem()->Write(name, bytes, false);
    if (result != ModuleFileSystem::Result::OK)
    {
        engine->FinishCmeError(CmeCode(result));
        return;
    }
    std::ostringstream line;
    line << "+QFUPL: " << bytes.size() << "," << std::hex
         << ModuleFileSystem::QuectelChecksum(bytes);
    engine->SendInfo(line.str());
    engine->FinishOk();
}

void
QuectelFileCommands::HandleQfdel(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (command.GetForm() == AtCommand::TEST)
    {
        engine->FinishOk();
        return;
    }
    if (command.GetForm() != AtCommand::WRITE || command.GetParameterCount() != 1 ||
        !command.GetParameter(0).IsString())
    {
        engine->FinishError();
        return;
    }
    ModuleFileSystem::Result result =
        m_module->GetFileSystem()->DeleteMatching(command.GetParameter(0).GetText());
    if (result != ModuleFileSystem::Result::OK)
    {
        engine->FinishCmeError(CmeCode(result));
        return;
    }
    engine->FinishOk();
}

void
QuectelFileCommands::HandleQflst(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    std::string pattern = "*";
    if (command.GetForm() == AtCommand::TEST)
    {
        engine->FinishOk();
        return;
    }
    if (command.GetForm() == AtCommand::WRITE)
    {
        if (command.GetParameterCount() != 1 || !command.GetParameter(0).IsString())
        {
            engine->FinishError();
            return;
        }
        pattern = command.GetParameter(0).GetText();
    }
    else if (command.GetForm() != AtCommand::EXECUTE)
    {
        engine->FinishError();
        return;
    }
    for (const auto& entry : m_module->GetFileSystem()->List(pattern))
    {
        engine->SendInfo("+QFLST: \"" + entry.first + "\"," + std::to_string(entry.second));
    }
    engine->FinishOk();
}

void
QuectelFileCommands::HandleQflds(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    Ptr<ModuleFileSystem> fs = m_module->GetFileSystem();
    switch (command.GetForm())
    {
        case AtCommand::TEST:
            engine->FinishOk();
            return;
        case AtCommand::EXECUTE:
            engine->SendInfo("+QFLDS: " + std::to_string(fs->GetUsedSpace()) + "," +
                             std::to_string(fs->GetFileCount()));
            engine->FinishOk();
            return;
        case AtCommand::WRITE:
        {
            std::string storage = command.GetParameter(0).GetText();
            std::transform(storage.begin(),
                           storage.end(),
                           storage.begin(),
                           [](unsigned char c)
                           {
                               return static_cast<char>(std::toupper(c));
                           });
            if (command.GetParameterCount() != 1 || !command.GetParameter(0).IsString() ||
                storage != "UFS")
            {
                engine->FinishError();
                return;
            }
            engine->SendInfo("+QFLDS: " + std::to_string(fs->GetFreeSpace()) + "," +
                             std::to_string(fs->GetTotalSize()));
            engine->FinishOk();
            return;
        }
        case AtCommand::READ:
            break;
    }
    engine->FinishError();
}

} // namespace lpwa
} // namespace ns3
