export { configSchema, type AppServerConfig, type HotSeatConfig, type ServerConfig, type UserRole } from "./schema";
export { ConfigError, configPath, getConfig, loadConfigFile, parseConfig, resetConfigCache, serverPassword } from "./load";
